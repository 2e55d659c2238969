// The queue workers' settings from the worker section, and how long a reply waits for the
// mailbox's sign-in to work again (from the mail section's retry base).
import type { ConfigOf } from "../config.js";
import type { WorkerSettings } from "./workers.js";

export function workerSettingsOf(c: ConfigOf<"worker" | "mail">): WorkerSettings {
  return {
    concurrency: c.WORKER_CONCURRENCY,
    lockMs: c.JOB_LOCK_MS,
    stalledIntervalMs: c.JOB_STALLED_INTERVAL_MS,
    // Replies waiting for the mailbox's sign-in to work again: 6 × SMTP_RETRY_BASE_MS, at most a minute.
    authRetryMs: Math.min(60_000, 6 * c.SMTP_RETRY_BASE_MS),
  };
}
