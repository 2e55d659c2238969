// Prometheus metrics without personal data: counts by outcome, arrival-to-reply latency, queue
// depth, mailbox reconnects.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

export interface Metrics {
  registry: Registry;
  requestsByOutcome: Counter<"outcome">;
  replyLatency: Histogram;
  queueDepth: Gauge<"queue" | "state">;
  mailboxReconnects: Counter;
  /** Sign-in failures with the mailbox (token source, IMAP or SMTP), by reason (issue 16). */
  mailboxAuthFailures: Counter<"reason">;
  /** 1 while Redis is unreachable and SMTP_RATE_PER_MINUTE is kept per process, not shared (issue 17). */
  smtpRateLocal: Gauge;
  /** Time senders waited for a slot under SMTP_RATE_PER_MINUTE. */
  smtpRateWaitSeconds: Counter;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "pinmail_process_" });
  return {
    registry,
    requestsByOutcome: new Counter({ name: "pinmail_requests_total", help: "Requests decided, by outcome", labelNames: ["outcome"], registers: [registry] }),
    replyLatency: new Histogram({
      name: "pinmail_reply_latency_seconds",
      help: "Time from a request's arrival in the mailbox to its reply being accepted by SMTP",
      buckets: [0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 3600],
      registers: [registry],
    }),
    queueDepth: new Gauge({ name: "pinmail_queue_jobs", help: "Jobs per queue and state", labelNames: ["queue", "state"], registers: [registry] }),
    mailboxReconnects: new Counter({ name: "pinmail_mailbox_reconnects_total", help: "Mailbox reconnects", registers: [registry] }),
    mailboxAuthFailures: new Counter({
      name: "pinmail_mailbox_auth_failures_total",
      help: "Failed sign-ins with the mailbox (token endpoint, IMAP or SMTP), by reason",
      labelNames: ["reason"],
      registers: [registry],
    }),
    smtpRateLocal: new Gauge({
      name: "pinmail_smtp_rate_local",
      help: "1 while Redis is unreachable and this process keeps SMTP_RATE_PER_MINUTE on its own (all processes together may exceed it)",
      registers: [registry],
    }),
    smtpRateWaitSeconds: new Counter({
      name: "pinmail_smtp_rate_wait_seconds_total",
      help: "Seconds senders waited for a slot under SMTP_RATE_PER_MINUTE (shared by all processes)",
      registers: [registry],
    }),
  };
}
