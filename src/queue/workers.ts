// BullMQ workers: thin handlers that validate the payload and call a use case.
import { DelayedError, UnrecoverableError, Worker, type Job } from "bullmq";
import type { Redis } from "ioredis";
import type { Logger } from "../runtime/logger.js";
import type { Db } from "../store/prisma.js";
import { deliver, DeliveryLeasedError, MailboxAuthDeliveryError, PermanentDeliveryError, type DeliverDeps } from "../outbox/deliver.js";
import { deliverNow } from "./deliver-now.js";
import { SendRateWaitError } from "../outbox/send-rate.js";
import { verifyRequest, type VerifyDeps } from "../verify/verify-request.js";
import { markFailed, sendToReview } from "../store/request-life.js";
import { prismaQueryable } from "../store/sql.js";
import type { ReminderDeps } from "../reminders/send-reminders.js";
import { runReminderJob } from "../reminders/run-reminder-job.js";
import { runRetention, type RetentionDeps } from "../retention/run-retention.js";
import { JOBS, QUEUES } from "../jobs/jobs.js";
import type { Producers } from "../jobs/producers.js";

export interface WorkerSettings {
  concurrency: number;
  lockMs: number;
  stalledIntervalMs: number;
  /** A reply that failed only because SMTP sign-in failed waits this long, without using an attempt. */
  authRetryMs?: number;
}

export interface WorkerDeps {
  connection: Redis;
  prefix: string;
  db: Db;
  logger: Logger;
  producers: Producers;
  verify: VerifyDeps;
  deliver: DeliverDeps;
  settings: WorkerSettings;
  /** Handler deps of the maintenance queue's `reminders` job. */
  reminders: ReminderDeps;
  /** Handler deps of the maintenance queue's `retention` job (the daily purge, issue 19). */
  retention?: RetentionDeps;
  onReplySent?: (outboxId: number) => void;
}

export function startWorkers(d: WorkerDeps): Worker[] {
  const common = {
    connection: d.connection,
    prefix: d.prefix,
    lockDuration: d.settings.lockMs,
    stalledInterval: d.settings.stalledIntervalMs,
    maxStalledCount: 5,
  };
  const requests = new Worker(
    QUEUES.requests,
    async (job: Job) => {
      const { requestId } = JOBS.verifyRequest.payload.parse(job.data);
      const outboxIds = await verifyRequest(d.verify, requestId);
      // Delivered here, under each row's lease; only what failed now gets a send-mail job.
      const retry = await deliverNow(d, outboxIds);
      if (retry.length) await d.producers.sendMail(retry);
      return { outboxIds };
    },
    { ...common, concurrency: d.settings.concurrency },
  );
  const outbox = new Worker(
    QUEUES.outbox,
    async (job: Job, token?: string) => {
      const { outboxId } = JOBS.sendMail.payload.parse(job.data);
      try {
        const result = await deliver(d.deliver, outboxId);
        if (result === "sent") d.onReplySent?.(outboxId);
        return { result };
      } catch (err) {
        if (err instanceof PermanentDeliveryError) throw new UnrecoverableError(err.message);
        if (err instanceof DeliveryLeasedError) {
          // Another worker is sending it; look again when its lease passes (sent by then, or free).
          await job.moveToDelayed(Math.max(Date.now(), err.until.getTime()) + 1000, token);
          throw new DelayedError();
        }
        if (err instanceof SendRateWaitError) {
          // The mailbox's sending rate is used up for now (a backlog): the reply is fine, so it
          // waits without using an attempt, however long the backlog (issue 17).
          await job.moveToDelayed(Date.now() + err.retryAfterMs, token);
          throw new DelayedError();
        }
        if (err instanceof MailboxAuthDeliveryError) {
          // An expired secret over a weekend must not send every reply to review: wait, retry.
          await job.moveToDelayed(Date.now() + (d.settings.authRetryMs ?? 30_000), token);
          throw new DelayedError();
        }
        throw err;
      }
    },
    { ...common, concurrency: d.settings.concurrency },
  );

  // Maintenance jobs are few and long: one at a time per process.
  const maintenance = new Worker(
    QUEUES.maintenance,
    async (job: Job) => {
      if (job.name === JOBS.retention.name && d.retention) {
        const run = await runRetention(d.retention, new Date(), "pinmail (daily purge)");
        d.logger.info(run.counts, "retention purge done");
        return run.counts;
      }
      if (job.name !== JOBS.reminders.name) throw new UnrecoverableError(`no handler for maintenance job "${job.name}"`);
      const { at } = JOBS.reminders.payload.parse(job.data);
      const run = await runReminderJob(d.reminders, d.producers, d.logger, at ? new Date(at) : new Date());
      return { planned: run.planned, queued: run.queued.length };
    },
    { ...common, concurrency: 1 },
  );
  maintenance.on("failed", (job, err) => job && d.logger.error({ jobId: job.id, attempt: job.attemptsMade, err: err.message }, `${job.name} failed`));

  requests.on("failed", (job, err) => {
    if (!job) return;
    d.logger.error({ jobId: job.id, attempt: job.attemptsMade, err: err.message }, "verify-request failed");
    if (job.attemptsMade >= (job.opts.attempts ?? 1)) {
      const { requestId } = job.data as { requestId: number };
      const event = { type: "failed", actor: "pinmail", detail: { error: err.message } };
      void markFailed(prismaQueryable(d.db), {
        id: requestId,
        reason: `verification failed: ${err.message}`.slice(0, 500),
        now: new Date(),
        event,
        always: true,
      }).catch(() => undefined);
    }
  });
  outbox.on("failed", (job, err) => {
    if (!job) return;
    d.logger.warn({ jobId: job.id, attempt: job.attemptsMade, err: err.message }, "send-mail failed");
    const final = job.attemptsMade >= (job.opts.attempts ?? 1) && !(err instanceof UnrecoverableError);
    if (final) {
      const { outboxId } = job.data as { outboxId: number };
      void giveUp(d.db, outboxId, err.message).catch(() => undefined);
    }
  });
  for (const w of [requests, outbox, maintenance]) w.on("error", (err) => d.logger.warn({ err: err.message }, "queue worker error"));
  return [requests, outbox, maintenance];
}

/**
 * Retries exhausted: the reply is marked failed, its sealed copy (the PIN) dropped (issue 13.10),
 * and a person looks at the request.
 */
export async function giveUp(db: Db, outboxId: number, error: string): Promise<void> {
  const row = await db.outboundMessage.update({ where: { id: outboxId }, data: { status: "failed", lastError: error.slice(0, 1000), encrypted: null } });
  if (row.requestId) {
    await sendToReview(prismaQueryable(db), {
      id: row.requestId,
      from: ["processing", "received"],
      reason: `reply could not be delivered: ${error.slice(0, 200)}`,
      now: new Date(),
      event: { type: "reply-failed", actor: "pinmail", detail: { error } },
      always: true,
    });
  }
}
