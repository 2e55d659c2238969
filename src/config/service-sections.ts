// The sections of the running service itself: its database and Redis, the worker's queue and
// reader lease, the web server, health checks and the log.
import { z } from "zod";
import { isAddressOrRange } from "../core/client-address.js";
import { BUSINESS_TIME_ZONE, isTimeZone } from "../core/time-zone.js";
import { bool, commaItems, int, optionalInt, optionalString, secret, urlWith } from "./fields.js";

export const serviceSections = {
  database: z.object({
    DATABASE_URL: urlWith(["postgres:", "postgresql:"], "a PostgreSQL URL such as postgresql://user:pass@127.0.0.1:5432/pinmail"),
  }),
  redis: z.object({
    REDIS_URL: urlWith(["redis:", "rediss:"], "a Redis URL such as redis://127.0.0.1:6379"),
    QUEUE_PREFIX: z
      .string()
      .optional()
      .transform((v) => v?.trim() || "pinmail"),
  }),
  worker: z.object({
    WORKER_CONCURRENCY: int(1, 500, 16),
    JOB_LOCK_MS: int(1000, 3_600_000, 30_000),
    JOB_STALLED_INTERVAL_MS: int(1000, 3_600_000, 30_000),
    /** The mailbox reader lease: a reader that dies is replaced within this time. */
    READER_LEASE_MS: int(1000, 600_000, 15_000),
    /**
     * How long a worker holds a reply it is sending (the outbox row's delivery lease): above the
     * SMTP timeouts (75 s), so a slow send is never taken over; a worker that dies mid-send delays
     * that reply by at most this long.
     */
    DELIVERY_LEASE_MS: int(1000, 3_600_000, 90_000),
    /** How often PostgreSQL's pending rows are re-announced to the queue (e.g. after Redis lost its data). */
    RECONCILE_INTERVAL_MS: int(500, 3_600_000, 30_000),
    REMINDERS_ENABLED: bool("REMINDERS_ENABLED", true),
    REMINDER_CRON: z
      .string()
      .optional()
      .transform((v) => v?.trim() || "0 9 * * *"),
  }),
  web: z.object({
    ENROLLMENT_API_TOKEN: secret("a long random bearer token for the enrollment API"),
    WEB_HOST: z
      .string()
      .optional()
      .transform((v) => v?.trim() || "127.0.0.1"),
    WEB_PORT: int(0, 65535, 3000),
    WEB_PUBLIC_URL: optionalString.refine((v) => v === undefined || /^https?:\/\//.test(v), "expected an http(s) URL"),
    /** Proxies whose X-Forwarded-For is believed; anyone else could choose the address a lockout counts (issue 13.4). */
    TRUSTED_PROXIES: z
      .string()
      .optional()
      .transform((v, ctx) => {
        const list = commaItems(v);
        const bad = list.filter((one) => !isAddressOrRange(one));
        if (bad.length)
          ctx.addIssue({
            code: "custom",
            message: `expected addresses or CIDR ranges such as 10.0.0.5 or 10.0.0.0/8, comma-separated; not ${bad.map((b) => `"${b}"`).join(", ")}`,
          });
        return list;
      }),
    /** Staff sessions end after this long without use. */
    WEB_SESSION_IDLE_HOURS: int(1, 720, 8),
    /** Wrong passwords in a row before a staff account is locked for WEB_LOGIN_LOCKOUT_MINUTES. */
    WEB_LOGIN_MAX_FAILURES: int(1, 100, 5),
    WEB_LOGIN_LOCKOUT_MINUTES: int(1, 1440, 15),
    /** The one clock of the staff pages (issue 20): an IANA zone name; times show it written out. */
    STAFF_TIMEZONE: z
      .string()
      .optional()
      .transform((v) => v?.trim() || BUSINESS_TIME_ZONE)
      .refine(isTimeZone, "expected an IANA time zone name such as America/Toronto or America/Vancouver"),
  }),
  health: z.object({
    /** /healthz, /readyz and /metrics on their own port in every role (a worker has no web server); unset: none. */
    HEALTH_PORT: optionalInt(1, 65535),
    HEALTH_HOST: z
      .string()
      .optional()
      .transform((v) => v?.trim() || "127.0.0.1"),
  }),
  log: z.object({
    LOG_LEVEL: z
      .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], {
        error: "expected one of fatal, error, warn, info, debug, trace, silent",
      })
      .optional()
      .transform((v) => v ?? "info"),
    /** json: one JSON object per line (for log collectors); text: one short line per entry, for people (issue 20; the demo's default). */
    LOG_FORMAT: z
      .enum(["json", "text"], { error: "expected json or text" })
      .optional()
      .transform((v) => v ?? "json"),
  }),
};
