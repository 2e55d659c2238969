// PostgreSQL is the ledger: whatever it says is still to do gets its job (again); a reply whose
// delivery lease is held is being sent and waits until the lease passes. Job ids are
// derived from row ids, so this is harmless when the jobs exist, and it brings back work that
// an emptied Redis forgot. A row that stays pending although its job has failed for good (the
// failure could not be written while PostgreSQL was down) gets that job retried.
import type { Queue } from "bullmq";
import type { Db } from "../store/prisma.js";
import { jobIds } from "../jobs/jobs.js";
import type { Producers } from "../jobs/producers.js";

/** Rows pending longer than this have their job's state checked, not just re-added. */
const STALE_MS = 120_000;
const MAX_CHECKED = 200;

export async function reconcile(
  db: Db,
  producers: Producers,
  olderThanMs = 5_000,
  now = new Date(),
): Promise<{ requests: number; mails: number; retried: number }> {
  const before = new Date(now.getTime() - olderThanMs);
  const [requests, mails] = await Promise.all([
    db.inboundRequest.findMany({ where: { state: "received", createdAt: { lt: before } }, select: { id: true, createdAt: true }, take: 5000 }),
    // A row whose delivery lease has not passed is being sent right now (outbox/deliver.ts).
    db.outboundMessage.findMany({
      where: { status: "pending", createdAt: { lt: before }, OR: [{ leaseUntil: null }, { leaseUntil: { lte: now } }] },
      select: { id: true, createdAt: true },
      take: 5000,
    }),
  ]);
  if (requests.length) await producers.verifyRequests(requests.map((r) => r.id));
  if (mails.length) await producers.sendMail(mails.map((m) => m.id));
  const stale = (rows: Array<{ id: number; createdAt: Date }>) => rows.filter((r) => now.getTime() - r.createdAt.getTime() > STALE_MS).slice(0, MAX_CHECKED);
  const retried =
    (await retryFailed(
      producers.queues.requests,
      stale(requests).map((r) => jobIds.verifyRequest(r.id)),
    )) +
    (await retryFailed(
      producers.queues.outbox,
      stale(mails).map((m) => jobIds.sendMail(m.id)),
    ));
  return { requests: requests.length, mails: mails.length, retried };
}

async function retryFailed(queue: Queue, ids: string[]): Promise<number> {
  let n = 0;
  for (const id of ids) {
    const job = await queue.getJob(id);
    if (job && (await job.isFailed())) {
      await job.retry("failed", { resetAttemptsMade: true });
      n++;
    }
  }
  return n;
}
