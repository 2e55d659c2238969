// Replies are delivered in the verification job, right after its transaction committed: one job
// per request instead of two, and under a backlog a decided reply goes out before the next
// decisions instead of queueing behind them. The outbox row's delivery lease (outbox/deliver.ts)
// keeps this, a send-mail job and reconcile from sending the same row twice. What could not be
// sent now gets a send-mail job, which retries with backoff as before; a crash between the commit
// and the send leaves the row pending, and reconcile announces it once its lease (if any) passed.
import { deliver, DeliveryLeasedError, PermanentDeliveryError, type DeliverDeps } from "../outbox/deliver.js";
import type { Logger } from "../runtime/logger.js";

export interface DeliverNowDeps {
  deliver: DeliverDeps;
  logger: Logger;
  onReplySent?: (outboxId: number) => void;
}

/** Delivers each row now; returns the ids that need a send-mail job (a retry). */
export async function deliverNow(d: DeliverNowDeps, outboxIds: readonly number[]): Promise<number[]> {
  const retry: number[] = [];
  for (const outboxId of outboxIds) {
    try {
      if ((await deliver(d.deliver, outboxId)) === "sent") d.onReplySent?.(outboxId);
    } catch (err) {
      // Another deliverer is sending it: nothing to do here.
      if (err instanceof DeliveryLeasedError) continue;
      d.logger.warn({ outboxId, err: (err as Error).message }, "reply not delivered after verification");
      // Refused for good: deliver() marked it undeliverable and sent the request to review.
      if (err instanceof PermanentDeliveryError) continue;
      retry.push(outboxId);
    }
  }
  return retry;
}
