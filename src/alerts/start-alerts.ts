// Wires the alerts into a process (worker or web): the alert evaluator run by a BullMQ job
// scheduler every ALERT_CHECK_INTERVAL (one job per period however many processes run, like the
// reminders) on a small `alerts` queue that every process works, so a lone web process still
// notices that no worker is left; a local fallback round while Redis is unreachable; the daily
// digest; the gauges.
import { Queue, Worker, type Job } from "bullmq";
import type { Redis } from "ioredis";
import type { Transporter } from "nodemailer";
import type { Logger } from "../runtime/logger.js";
import type { Db } from "../store/prisma.js";
import { BUSINESS_TIME_ZONE } from "../core/time-zone.js";
import type { Registry } from "prom-client";
import { createAlertSender } from "./alert-channels.js";
import { AlertEvaluator, type AlertThresholds } from "./alert-evaluator.js";
import { refreshAlertGauges, registerAlertGauges, setOpenAlerts } from "./alert-metrics.js";
import { credentialsFromPublished, factsFromPublished, readPublished } from "./mailbox-facts.js";
import type { MailboxFacts } from "./conditions.js";
import { runDigestJob, type DigestSettings } from "./digest/send-digest.js";

export const ALERTS_QUEUE = "alerts";
export const ALERT_CHECK_JOB = "alert-check";
export const DIGEST_JOB = "daily-digest";
export const ALERT_SCHEDULER_ID = "alert-check";
export const DIGEST_SCHEDULER_ID = "daily-digest";
/** 08:00 Toronto, Monday to Friday; the handler skips holidays (isBusinessDay). */
export const DIGEST_CRON = "0 8 * * 1-5";

export interface AlertConfig {
  ALERTS_ENABLED: boolean;
  ALERT_CHECK_INTERVAL: number;
  ALERT_EMAIL_TO: string[];
  ALERT_WEBHOOK_URL?: string;
  ALERT_WEBHOOK_SECRET?: string;
  ALERT_MAILBOX_DOWN_AFTER: number;
  ALERT_SYNC_STALE_AFTER: number;
  ALERT_UNANSWERED_AFTER: number;
  ALERT_DELIVERY_FAILED_COUNT: number;
  ALERT_REVIEWS_OVERDUE_COUNT: number;
  ALERT_CREDENTIAL_EXPIRING_WITHIN: number;
  ALERT_SILENCE_WINDOW: number;
  ALERT_SILENCE_MIN_EXPECTED: number;
  DIGEST_EMAIL_TO: string[];
  DIGEST_ENABLED: boolean;
  STAFF_LOCALE: "en" | "fr";
}

export function thresholdsOf(c: AlertConfig): AlertThresholds {
  return {
    enabled: c.ALERTS_ENABLED,
    checkIntervalMs: c.ALERT_CHECK_INTERVAL,
    mailboxDownAfterMs: c.ALERT_MAILBOX_DOWN_AFTER,
    syncStaleAfterMs: c.ALERT_SYNC_STALE_AFTER,
    unansweredAfterMs: c.ALERT_UNANSWERED_AFTER,
    deliveryFailedMin: c.ALERT_DELIVERY_FAILED_COUNT,
    reviewsOverdueMin: c.ALERT_REVIEWS_OVERDUE_COUNT,
    credentialExpiringWithinMs: c.ALERT_CREDENTIAL_EXPIRING_WITHIN,
    silenceWindowMs: c.ALERT_SILENCE_WINDOW,
    silenceMinExpected: c.ALERT_SILENCE_MIN_EXPECTED,
  };
}

export interface AlertsDeps {
  config: AlertConfig;
  db: Db;
  /** Blocking connection for the queue worker (retries forever). */
  connection: Redis;
  /** Fail-fast connection for reads and the scheduler. */
  redis: Redis;
  prefix: string;
  logger: Logger;
  registry: Registry;
  transport: Pick<Transporter, "sendMail"> | null;
  from: string;
  envelopeFrom: string;
  dashboardUrl: string | null;
  /** Redis reachable (the readiness probe): while it is not, this process runs its own rounds. */
  redisUp: () => boolean;
  /** How often the scheduler's presence in Redis is checked (default: a minute). */
  rescheduleEveryMs?: number;
}

export interface Alerts {
  evaluator: AlertEvaluator;
  mailbox(): Promise<MailboxFacts | null>;
  refreshMetrics(): Promise<void>;
  stop(): Promise<void>;
}

export async function startAlerts(d: AlertsDeps): Promise<Alerts> {
  const c = d.config;
  const statusKey = `${d.prefix}:mailbox-status`;
  const leaseKey = `${d.prefix}:reader-lease`;
  const sender = createAlertSender(
    {
      emailTo: c.ALERT_EMAIL_TO,
      from: d.from,
      envelopeFrom: d.envelopeFrom,
      webhookUrl: c.ALERT_WEBHOOK_URL ?? null,
      webhookSecret: c.ALERT_WEBHOOK_SECRET ?? null,
      dashboardUrl: d.dashboardUrl,
    },
    d.transport,
  );
  const gauges = registerAlertGauges(d.registry);
  const mailbox = async () => factsFromPublished(await readPublished(d.redis, statusKey), new Date());
  const evaluator = new AlertEvaluator({
    db: d.db,
    sender,
    thresholds: thresholdsOf(c),
    logger: d.logger,
    facts: {
      mailbox,
      readerLeaseHeld: async () => (await d.redis.exists(leaseKey)) === 1,
      // No reader publishing (no worker): unknown rather than "nothing expires".
      credentials: async () => {
        const p = await readPublished(d.redis, statusKey);
        return p ? credentialsFromPublished(p) : null;
      },
    },
    onRound: (open) => setOpenAlerts(gauges, open),
  });
  const digestTo = c.DIGEST_EMAIL_TO.length ? c.DIGEST_EMAIL_TO : c.ALERT_EMAIL_TO;
  const digestSettings: DigestSettings = { to: digestTo, locale: c.STAFF_LOCALE, dashboardUrl: d.dashboardUrl, from: d.from, envelopeFrom: d.envelopeFrom };

  const queue = new Queue(ALERTS_QUEUE, { connection: d.redis, prefix: d.prefix });
  queue.on("error", () => undefined);
  const keep = { removeOnComplete: { count: 50 }, removeOnFail: { count: 50 } };
  const digestOn = c.DIGEST_ENABLED && digestTo.length > 0;
  // Every process upserts the same scheduler ids; BullMQ makes one job per period out of them.
  const schedule = async () => {
    if (c.ALERTS_ENABLED)
      await queue.upsertJobScheduler(
        ALERT_SCHEDULER_ID,
        { every: c.ALERT_CHECK_INTERVAL },
        { name: ALERT_CHECK_JOB, data: {}, opts: { attempts: 1, ...keep } },
      );
    else await queue.removeJobScheduler(ALERT_SCHEDULER_ID);
    if (digestOn) {
      await queue.upsertJobScheduler(
        DIGEST_SCHEDULER_ID,
        { pattern: DIGEST_CRON, tz: BUSINESS_TIME_ZONE },
        { name: DIGEST_JOB, data: {}, opts: { attempts: 5, backoff: { type: "exponential", delay: 60_000 }, ...keep } },
      );
    } else await queue.removeJobScheduler(DIGEST_SCHEDULER_ID);
  };
  // Not fatal at start-up: the check below schedules them as soon as Redis answers.
  await schedule().catch((err: Error) => d.logger.warn({ err: err.message }, "alert checks could not be scheduled yet; trying again every minute"));

  if (!c.ALERTS_ENABLED) d.logger.info("alerts are off (ALERTS_ENABLED=false)");
  else if (!sender.channels.length) d.logger.warn("neither ALERT_EMAIL_TO nor ALERT_WEBHOOK_URL is set: alerts show on the dashboard only");
  else d.logger.info({ channels: sender.channels, every: `${c.ALERT_CHECK_INTERVAL / 1000}s` }, "alerts are checked and sent");
  if (!digestOn)
    d.logger.info(c.DIGEST_ENABLED ? "no daily digest: DIGEST_EMAIL_TO and ALERT_EMAIL_TO are empty" : "the daily digest is off (DIGEST_ENABLED=false)");

  const worker = new Worker(
    ALERTS_QUEUE,
    async (job: Job) => {
      if (job.name === ALERT_CHECK_JOB) return evaluator.run();
      if (job.name === DIGEST_JOB) return runDigestJob({ db: d.db, transport: d.transport, settings: digestSettings, logger: d.logger }, new Date());
      throw new Error(`no handler for alerts job "${job.name}"`);
    },
    { connection: d.connection, prefix: d.prefix, concurrency: 1, lockDuration: 120_000 },
  );
  worker.on("error", () => undefined);
  worker.on("failed", (job, err) => job && d.logger.warn({ job: job.name, err: err.message }, "alerts job failed"));

  // Without Redis there is no scheduler: each process then runs its own rounds (the advisory
  // lock in PostgreSQL still lets one of them through at a time), so a Redis outage is alerted.
  let redisDownSince: number | null = null;
  const fallback = setInterval(() => {
    if (!c.ALERTS_ENABLED) return;
    if (d.redisUp()) {
      redisDownSince = null;
      return;
    }
    redisDownSince ??= Date.now();
    if (Date.now() - redisDownSince >= 2 * c.ALERT_CHECK_INTERVAL)
      void evaluator.run().catch((err: Error) => d.logger.warn({ err: err.message }, "local alert round failed"));
  }, c.ALERT_CHECK_INTERVAL);
  fallback.unref();
  // A Redis that lost its data (restored empty, or a new one) lost the schedulers with it: put them back.
  const rescheduler = setInterval(() => {
    if (!d.redisUp()) return;
    void (async () => {
      const missing =
        (c.ALERTS_ENABLED && !(await queue.getJobScheduler(ALERT_SCHEDULER_ID))) || (digestOn && !(await queue.getJobScheduler(DIGEST_SCHEDULER_ID)));
      if (!missing) return;
      await schedule();
      d.logger.warn("the alert-check or digest scheduler was missing from Redis (emptied?); scheduled again");
    })().catch(() => undefined);
  }, d.rescheduleEveryMs ?? Math.max(60_000, c.ALERT_CHECK_INTERVAL));
  rescheduler.unref();

  return {
    evaluator,
    mailbox,
    refreshMetrics: () => refreshAlertGauges(gauges, { db: d.db, mailbox }),
    async stop() {
      clearInterval(fallback);
      clearInterval(rescheduler);
      await worker.close().catch(() => undefined);
      await queue.close().catch(() => undefined);
    },
  };
}

/** Where alerts go, in words, for the dashboard. */
export function describeAlertChannels(c: Pick<AlertConfig, "ALERTS_ENABLED" | "ALERT_EMAIL_TO" | "ALERT_WEBHOOK_URL">): string {
  if (!c.ALERTS_ENABLED) return "nobody (alerts are off: ALERTS_ENABLED=false)";
  const parts = [...c.ALERT_EMAIL_TO, ...(c.ALERT_WEBHOOK_URL ? ["the webhook"] : [])];
  if (!parts.length) return "nobody but this page (set ALERT_EMAIL_TO or ALERT_WEBHOOK_URL)";
  return parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;
}
