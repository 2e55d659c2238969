// Adds jobs. Job ids come from row ids (jobs.ts), so adding twice is harmless and recovery
// after a Redis loss can simply add everything the ledger says is still pending.
import { Queue, type JobsOptions } from "bullmq";
import type { Redis } from "ioredis";
import type { SectionConfig } from "../config.js";
import { JOBS, jobIds, QUEUES, type QueueName } from "./jobs.js";

export interface QueueTimings {
  smtpRetryAttempts: number;
  smtpRetryBaseMs: number;
}

/** Every process that announces mail (worker, web, `pinmail reminders --send`) retries it the same way. */
export function queueTimingsOf(c: Pick<SectionConfig<"mail">, "SMTP_RETRY_ATTEMPTS" | "SMTP_RETRY_BASE_MS">): QueueTimings {
  return { smtpRetryAttempts: c.SMTP_RETRY_ATTEMPTS, smtpRetryBaseMs: c.SMTP_RETRY_BASE_MS };
}

export interface Producers {
  queues: Record<QueueName, Queue>;
  verifyRequests(ids: readonly number[]): Promise<void>;
  sendMail(ids: readonly number[]): Promise<void>;
  close(): Promise<void>;
}

const keep: Pick<JobsOptions, "removeOnComplete" | "removeOnFail"> = {
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 14 * 24 * 3600 },
};

export function createProducers(connection: Redis, prefix: string, timings: QueueTimings): Producers {
  const queues = Object.fromEntries(Object.values(QUEUES).map((name) => [name, new Queue(name, { connection, prefix })])) as Record<QueueName, Queue>;
  // While Redis is down every queue reports each reconnect attempt as an 'error' event, which
  // BullMQ prints with console.error when nobody listens. A failed add already rejects its caller
  // and /readyz reports Redis, so the events carry nothing new.
  for (const q of Object.values(queues)) q.on("error", () => undefined);
  return {
    queues,
    async verifyRequests(ids) {
      await queues.requests.addBulk(
        ids.map((requestId) => ({
          name: JOBS.verifyRequest.name,
          data: { requestId },
          opts: { jobId: jobIds.verifyRequest(requestId), attempts: 10, backoff: { type: "exponential", delay: 1000 }, ...keep },
        })),
      );
    },
    async sendMail(ids) {
      await queues.outbox.addBulk(
        ids.map((outboxId) => ({
          name: JOBS.sendMail.name,
          data: { outboxId },
          opts: {
            jobId: jobIds.sendMail(outboxId),
            attempts: timings.smtpRetryAttempts,
            backoff: { type: "exponential", delay: timings.smtpRetryBaseMs },
            ...keep,
          },
        })),
      );
    },
    async close() {
      await Promise.all(Object.values(queues).map((q) => q.close()));
    },
  };
}
