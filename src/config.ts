// The one place that reads process.env. Each command asks for the sections it uses, so
// `pinmail migrate` needs only DATABASE_URL while `pinmail start` needs everything; every problem
// in the requested sections is reported at once, with the variable's name and what is expected.
import { existsSync } from "node:fs";
import { z } from "zod";
import { layeredEnv } from "./env-files.js";
import { SECRET_ADVICE, secretProblem } from "./core/secret-strength.js";
import { isAddressOrRange } from "./core/client-address.js";
import { parseDuration } from "./core/duration.js";
import { isTimeZone } from "./core/time-zone.js";

const bool = (name: string, dflt: boolean) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === "") return dflt;
      const s = v.trim().toLowerCase();
      if (s === "true" || s === "1" || s === "yes") return true;
      if (s === "false" || s === "0" || s === "no") return false;
      ctx.addIssue({ code: "custom", message: `${name} must be true or false` });
      return z.NEVER;
    });

/** true/false or nothing: for settings whose default depends on another setting. */
const optionalBool = (name: string) =>
  z
    .string()
    .optional()
    .transform((v, ctx): boolean | undefined => {
      if (v === undefined || v.trim() === "") return undefined;
      const r = bool(name, false).safeParse(v);
      if (r.success) return r.data;
      ctx.addIssue({ code: "custom", message: `${name} must be true or false` });
      return z.NEVER;
    });

const int = (min: number, max: number, dflt: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === "") return dflt;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: "custom", message: `expected a whole number from ${min} to ${max}, got "${v}"` });
        return z.NEVER;
      }
      return n;
    });

const required = (what: string) =>
  z
    .string({ error: `missing; expected ${what}` })
    .trim()
    .min(1, `empty; expected ${what}`);

const urlWith = (protocols: string[], what: string) =>
  required(what).refine((v) => {
    try {
      return protocols.includes(new URL(v).protocol);
    } catch {
      return false;
    }
  }, `expected ${what}`);

/** A secret: present, and neither a known placeholder nor too short or too uniform (issue 13.6). */
const secret = (what: string) =>
  z
    .string({ error: `missing; expected ${what} (${SECRET_ADVICE})` })
    .trim()
    .min(1, `empty; expected ${what} (${SECRET_ADVICE})`)
    .superRefine((v, ctx) => {
      const problem = secretProblem(v);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    });

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

/** A whole number or nothing: for settings whose default depends on another setting. */
const optionalInt = (min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx): number | undefined => {
      if (v === undefined || v.trim() === "") return undefined;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({ code: "custom", message: `expected a whole number from ${min} to ${max}, got "${v}"` });
        return z.NEVER;
      }
      return n;
    });

const ADDRESS = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$|^[^\s@<>]+@localhost$/;

/** A duration such as `30s`, `5m`, `2h`, `30d`; `0` turns the check off (unless `minMs` forbids it). */
const duration = (dflt: string, minMs = 0) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      const text = v === undefined || v.trim() === "" ? dflt : v;
      const ms = parseDuration(text);
      if (ms === null || ms < minMs) {
        ctx.addIssue({ code: "custom", message: `expected a duration such as 30s, 5m, 2h or 30d${minMs ? "" : " (0 turns it off)"}, got "${v}"` });
        return z.NEVER;
      }
      return ms;
    });

/** The non-empty, trimmed items of a comma-separated setting; unset: none. */
const commaItems = (v: string | undefined) =>
  (v ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

/** Comma-separated bare addresses; empty: none. */
const addressList = (name: string) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      const list = commaItems(v);
      const bad = list.filter((a) => !ADDRESS.test(a));
      if (bad.length) {
        ctx.addIssue({
          code: "custom",
          message: `${name}: expected addresses separated by commas, such as support@example.org, ops@example.org; not an address: ${bad.join(", ")}`,
        });
        return z.NEVER;
      }
      return list;
    });

/** `MAIL_FROM` may be `addr@domain` or `Name <addr@domain>`. */
export function parseMailbox(v: string): { name: string | null; address: string } | null {
  const m = /^\s*(?:"?([^"<]*?)"?\s*<([^<>\s]+)>|([^<>\s]+))\s*$/.exec(v);
  if (!m) return null;
  const address = (m[2] ?? m[3] ?? "").trim();
  if (!ADDRESS.test(address)) return null;
  const name = m[1]?.trim() || null;
  return { name, address };
}

const sections = {
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
  imap: z.object({
    IMAP_HOST: required("the IMAP server's host name"),
    IMAP_PORT: int(1, 65535, 993),
    IMAP_SECURE: bool("IMAP_SECURE", true),
    IMAP_USER: required("the mailbox account's user name"),
    /** Required with MAIL_AUTH=password only (checked in loadConfig, where MAIL_AUTH is known). */
    IMAP_PASSWORD: optionalString,
    IMAP_MAILBOX: z
      .string()
      .optional()
      .transform((v) => v?.trim() || "INBOX"),
    IMAP_PROCESSED_MAILBOX: z
      .string()
      .optional()
      .transform((v) => v?.trim() || "PinMail/Processed"),
    IMAP_ATTENTION_MAILBOX: z
      .string()
      .optional()
      .transform((v) => v?.trim() || "PinMail/Attention"),
    IMAP_POLL_SECONDS: int(1, 3600, 30),
    IMAP_MAX_AGE_DAYS: int(1, 3650, 14),
    IMAP_MAX_MESSAGE_BYTES: int(1024, 1024 * 1024 * 1024, 25 * 1024 * 1024),
    /** How long after the last activity imapflow enters IDLE. */
    IMAP_IDLE_DELAY_MS: int(0, 600_000, 200),
    /** A reconcile sweep also runs this often, so a silently dead IDLE costs latency, never mail. */
    IMAP_SWEEP_SECONDS: int(1, 3600, 120),
    IMAP_RECONNECT_MIN_MS: int(10, 600_000, 1000),
    IMAP_RECONNECT_MAX_MS: int(10, 3_600_000, 60_000),
    /** Where the mailbox keeps copies of sent mail; found by its \\Sent special use when unset. */
    IMAP_SENT_MAILBOX: optionalString,
  }),
  mail: z.object({
    SMTP_URL: urlWith(["smtp:", "smtps:"], "a nodemailer-style URL such as smtp://user:pass@mail.example:587 or smtps://..."),
    MAIL_FROM: required("the bot's address, e.g. pinmail@example.org or PIN Reset <pinmail@example.org>").refine(
      (v) => parseMailbox(v) !== null,
      "expected an address such as pinmail@example.org or PIN Reset <pinmail@example.org>",
    ),
    MAIL_RETURN_PATH: optionalString.refine((v) => v === undefined || ADDRESS.test(v), "expected a bare address"),
    DKIM_DOMAIN: optionalString,
    DKIM_SELECTOR: optionalString,
    DKIM_PRIVATE_KEY_FILE: optionalString.refine((v) => v === undefined || existsSync(v), "file not found"),
    PORTAL_URL: z
      .string()
      .optional()
      .transform((v) => v?.trim() || "https://portal.example.org/sign-in")
      .refine((v) => /^https?:\/\//.test(v), "expected an http(s) URL"),
    SUPPORT_ADDRESS: optionalString,
    /** Connections to the SMTP server at once; at 5, delivery lagged behind verification in the benchmark. */
    SMTP_POOL_SIZE: int(1, 50, 10),
    SMTP_RETRY_ATTEMPTS: int(1, 100, 12),
    SMTP_RETRY_BASE_MS: int(10, 3_600_000, 5000),
    /** SMTP sign-in name with MAIL_AUTH other than password (default IMAP_USER; resolved in loadConfig). */
    SMTP_USER: optionalString,
    /** Messages per minute per process; unset: 30 with MAIL_AUTH=microsoft, unlimited otherwise (resolved in loadConfig). */
    SMTP_RATE_PER_MINUTE: optionalInt(1, 100_000),
  }),
  mailAuth: z.object({
    /** Also here: a process that only sends (web: alert mail) signs in to SMTP as the mailbox. */
    IMAP_USER: optionalString,
    MAIL_AUTH: z
      .enum(["password", "microsoft", "google", "oauth2"], { error: "expected one of password, microsoft, google, oauth2" })
      .optional()
      .transform((v) => v ?? "password"),
    OAUTH_TENANT_ID: optionalString,
    OAUTH_CLIENT_ID: optionalString,
    OAUTH_CLIENT_SECRET: optionalString,
    OAUTH_CLIENT_CERTIFICATE_FILE: optionalString.refine((v) => v === undefined || existsSync(v), "file not found"),
    OAUTH_CLIENT_CERTIFICATE_KEY_FILE: optionalString.refine((v) => v === undefined || existsSync(v), "file not found"),
    OAUTH_SERVICE_ACCOUNT_FILE: optionalString.refine((v) => v === undefined || existsSync(v), "file not found"),
    OAUTH_TOKEN_URL: optionalString.refine((v) => v === undefined || /^https?:\/\//.test(v), "expected an http(s) URL"),
    OAUTH_SCOPE: optionalString,
    /** Microsoft's sign-in host; another value for national clouds (and the local test identity server). */
    OAUTH_AUTHORITY_URL: z
      .string()
      .optional()
      .transform((v) => (v?.trim() || "https://login.microsoftonline.com").replace(/\/+$/, ""))
      .refine((v) => /^https:\/\//.test(v), "expected an https URL (msal-node refuses http authorities)"),
    /** When the client secret expires: a warning in the log and on the dashboard from 30 days before. */
    OAUTH_CLIENT_SECRET_EXPIRES_AT: optionalString.transform((v, ctx) => {
      if (v === undefined) return null;
      const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : v);
      if (Number.isNaN(d.getTime())) {
        ctx.addIssue({ code: "custom", message: `expected a date such as 2027-06-30, got "${v}"` });
        return z.NEVER;
      }
      return d;
    }),
  }),
  pin: z.object({
    PIN_SECRET: secret("a random secret of at least 32 bytes"),
    PIN_SECRET_PREVIOUS: z
      .string()
      .optional()
      .transform((v, ctx) => {
        const list = commaItems(v);
        // A retired secret still verifies PINs, so a weak one is as dangerous as a weak current one.
        list.forEach((one, i) => {
          const problem = secretProblem(one);
          if (problem) ctx.addIssue({ code: "custom", message: `entry ${i + 1} ${problem}` });
        });
        return list;
      }),
    PIN_LENGTH: int(6, 12, 8),
    PIN_TTL_DAYS: int(1, 365, 14),
    PIN_RATE_LIMIT_PER_DAY: int(1, 1000, 3),
    UNKNOWN_REPLY_LIMIT_PER_HOUR: int(0, 100_000, 100),
  }),
  // Issue 13.7: production checks who sent the mail. PINMAIL_ENV=production (implied by
  // NODE_ENV=production when PINMAIL_ENV is unset) needs MAIL_AUTHSERV_ID and makes
  // REQUIRE_SENDER_AUTH default to true; development (the demo, tests) leaves both off.
  senderAuth: z
    .object({
      PINMAIL_ENV: z.enum(["development", "production"], { error: 'expected "development" or "production"' }).optional(),
      NODE_ENV: optionalString,
      MAIL_AUTHSERV_ID: optionalString,
      REQUIRE_SENDER_AUTH: optionalBool("REQUIRE_SENDER_AUTH"),
    })
    .transform((v, ctx) => {
      const env = v.PINMAIL_ENV ?? (v.NODE_ENV === "production" ? "production" : "development");
      const production = env === "production";
      if (production && !v.MAIL_AUTHSERV_ID) {
        ctx.addIssue({
          code: "custom",
          path: ["MAIL_AUTHSERV_ID"],
          message: `missing; PINMAIL_ENV is production${v.PINMAIL_ENV ? "" : " (NODE_ENV=production)"}, which checks who sent each request: set the authserv-id your receiving server writes in Authentication-Results (README, "Sender authentication")`,
        });
        return z.NEVER;
      }
      return { PINMAIL_ENV: env, MAIL_AUTHSERV_ID: v.MAIL_AUTHSERV_ID, REQUIRE_SENDER_AUTH: v.REQUIRE_SENDER_AUTH ?? production };
    }),
  worker: z.object({
    WORKER_CONCURRENCY: int(1, 500, 16),
    JOB_LOCK_MS: int(1000, 3_600_000, 30_000),
    JOB_STALLED_INTERVAL_MS: int(1000, 3_600_000, 30_000),
    /** The mailbox reader lease: a reader that dies is replaced within this time. */
    READER_LEASE_MS: int(1000, 600_000, 15_000),
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
      .transform((v) => v?.trim() || "America/Toronto")
      .refine(isTimeZone, "expected an IANA time zone name such as America/Toronto or America/Vancouver"),
  }),
  /** Issue 19: how long pinmail keeps mail and history (README, "Privacy and retention"). */
  retention: z
    .object({
      RAW_MAIL_RETENTION_DAYS: int(1, 36_500, 730),
      RECORD_RETENTION_DAYS: int(1, 36_500, 730),
      RECORD_RETENTION_BELOW_TWO_YEARS: bool("RECORD_RETENTION_BELOW_TWO_YEARS", false),
      // 0 stands for "not set" (the range refuses a 0 that is written out): then it follows raw mail.
      IMAP_PROCESSED_RETENTION_DAYS: int(1, 36_500, 0),
    })
    .superRefine((v, ctx) => {
      // The Privacy Regulations ask for two years after last use; shorter only on purpose.
      if (v.RECORD_RETENTION_DAYS < 730 && !v.RECORD_RETENTION_BELOW_TWO_YEARS) {
        ctx.addIssue({
          code: "custom",
          path: ["RECORD_RETENTION_DAYS"],
          message: `${v.RECORD_RETENTION_DAYS} is under two years (730 days), the minimum the Privacy Regulations ask for; set RECORD_RETENTION_BELOW_TWO_YEARS=true if that is deliberate`,
        });
      }
    })
    .transform((v) => ({ ...v, IMAP_PROCESSED_RETENTION_DAYS: v.IMAP_PROCESSED_RETENTION_DAYS || v.RAW_MAIL_RETENTION_DAYS })),
  /** Issue 18: alerts and the daily digest (README, "Alerts and monitoring"). */
  alerts: z.object({
    ALERTS_ENABLED: bool("ALERTS_ENABLED", true),
    ALERT_CHECK_INTERVAL: duration("30s", 1000),
    ALERT_EMAIL_TO: addressList("ALERT_EMAIL_TO"),
    ALERT_WEBHOOK_URL: optionalString.refine((v) => v === undefined || /^https?:\/\//.test(v), "expected an http(s) URL"),
    ALERT_WEBHOOK_SECRET: optionalString.superRefine((v, ctx) => {
      const problem = v === undefined ? null : secretProblem(v);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }),
    ALERT_MAILBOX_DOWN_AFTER: duration("5m"),
    ALERT_SYNC_STALE_AFTER: duration("10m"),
    ALERT_UNANSWERED_AFTER: duration("15m"),
    /** Replies failed for good in the last hour that open delivery-failed (0: off). */
    ALERT_DELIVERY_FAILED_COUNT: int(0, 1_000_000, 1),
    /** Review cases past their due date that open reviews-overdue, checked daily (0: off). */
    ALERT_REVIEWS_OVERDUE_COUNT: int(0, 1_000_000, 1),
    ALERT_CREDENTIAL_EXPIRING_WITHIN: duration("30d"),
    ALERT_SILENCE_WINDOW: duration("2h"),
    ALERT_SILENCE_MIN_EXPECTED: int(0, 100_000, 3),
    /** Empty: the alert addresses. */
    DIGEST_EMAIL_TO: addressList("DIGEST_EMAIL_TO"),
    DIGEST_ENABLED: bool("DIGEST_ENABLED", true),
    STAFF_LOCALE: z
      .enum(["en", "fr"], { error: "expected en or fr" })
      .optional()
      .transform((v) => v ?? "en"),
    /** Also read here (it belongs to the web settings) for the dashboard links in alerts and the digest. */
    WEB_PUBLIC_URL: optionalString.refine((v) => v === undefined || /^https?:\/\//.test(v), "expected an http(s) URL"),
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

export type Section = keyof typeof sections;
type Sections = typeof sections;
export type SectionConfig<S extends Section> = z.output<Sections[S]>;
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
export type ConfigOf<S extends Section> = UnionToIntersection<SectionConfig<S>> & SectionConfig<"log">;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration is invalid:\n${problems.map((p) => `  - ${p}`).join("\n")}\nSet these in the environment or in .env (see .env.example).`);
    this.name = "ConfigError";
  }
}

/**
 * The settings: the real environment, then `.env` in the working directory, then `.services/env`
 * there (the local services of a development checkout; see src/env-files.ts).
 */
export function readEnv(cwd = process.cwd(), env: NodeJS.ProcessEnv = process.env): Record<string, string | undefined> {
  return layeredEnv(cwd, env);
}

export function loadConfig<S extends Section>(wanted: readonly S[], env: Record<string, string | undefined> = readEnv()): ConfigOf<S> {
  const problems: string[] = [];
  const out: Record<string, unknown> = {};
  for (const name of new Set<Section>([...wanted, "log"])) {
    const r = sections[name].safeParse(env);
    if (r.success) Object.assign(out, r.data);
    else for (const issue of r.error.issues) problems.push(`${String(issue.path[0] ?? name)}: ${issue.message}`);
  }
  if ((wanted as readonly Section[]).includes("senderAuth") && out["REQUIRE_SENDER_AUTH"] === true && !out["MAIL_AUTHSERV_ID"]) {
    problems.push("REQUIRE_SENDER_AUTH: true needs MAIL_AUTHSERV_ID (the authserv-id your receiving server writes in Authentication-Results)");
  }
  if ((wanted as readonly Section[]).includes("mail")) {
    const dkim = [out["DKIM_DOMAIN"], out["DKIM_SELECTOR"], out["DKIM_PRIVATE_KEY_FILE"]].filter(Boolean).length;
    if (dkim !== 0 && dkim !== 3) problems.push("DKIM_DOMAIN, DKIM_SELECTOR, DKIM_PRIVATE_KEY_FILE: set all three to sign replies, or none");
  }
  problems.push(...mailAuthProblems(wanted as readonly Section[], out, env));
  if (problems.length) throw new ConfigError(problems);
  return out as ConfigOf<S>;
}

/**
 * MAIL_AUTH decides which other settings are needed (issue 16), and some defaults: the password
 * only with `password`; with `microsoft` an SMTP pool of 3 and 30 messages a minute (Exchange
 * Online's limits per mailbox). Fills those defaults into `out`; returns the problems.
 */
function mailAuthProblems(wanted: readonly Section[], out: Record<string, unknown>, env: Record<string, string | undefined>): string[] {
  const problems: string[] = [];
  const mode = (out["MAIL_AUTH"] as string | undefined) ?? (env["MAIL_AUTH"]?.trim() || "password");
  const blank = (name: string) => !env[name]?.trim();
  if (wanted.includes("imap") && mode === "password" && !out["IMAP_PASSWORD"]) {
    problems.push("IMAP_PASSWORD: missing; expected the mailbox account's password (or set MAIL_AUTH to microsoft, google or oauth2)");
  }
  if (wanted.includes("mail")) {
    if (mode === "microsoft" && blank("SMTP_POOL_SIZE")) out["SMTP_POOL_SIZE"] = 3;
    // Unset stays undefined (no limit) except for microsoft.
    if (out["SMTP_RATE_PER_MINUTE"] === undefined && mode === "microsoft") out["SMTP_RATE_PER_MINUTE"] = 30;
  }
  if (!wanted.includes("mailAuth") || mode === "password") return problems;
  const need = (name: string, what: string) => {
    if (blank(name)) problems.push(`${name}: missing; MAIL_AUTH=${mode} needs ${what}`);
  };
  if (!wanted.includes("imap") && blank("IMAP_USER") && blank("SMTP_USER")) need("IMAP_USER", "the mailbox's address (SMTP signs in as it; or set SMTP_USER)");
  if (mode === "microsoft") {
    need("OAUTH_TENANT_ID", "the directory (tenant) ID of the app registration");
    need("OAUTH_CLIENT_ID", "the application (client) ID of the app registration");
    const cert = !blank("OAUTH_CLIENT_CERTIFICATE_FILE") || !blank("OAUTH_CLIENT_CERTIFICATE_KEY_FILE");
    if (cert) {
      need("OAUTH_CLIENT_CERTIFICATE_FILE", "the certificate (PEM) uploaded to the app registration, with OAUTH_CLIENT_CERTIFICATE_KEY_FILE");
      need("OAUTH_CLIENT_CERTIFICATE_KEY_FILE", "the certificate's private key (PEM), with OAUTH_CLIENT_CERTIFICATE_FILE");
      if (!blank("OAUTH_CLIENT_SECRET")) problems.push("OAUTH_CLIENT_SECRET: set either a client secret or a certificate, not both");
    } else if (blank("OAUTH_CLIENT_SECRET")) {
      problems.push(
        "OAUTH_CLIENT_SECRET: missing; MAIL_AUTH=microsoft needs a client secret, or OAUTH_CLIENT_CERTIFICATE_FILE and OAUTH_CLIENT_CERTIFICATE_KEY_FILE",
      );
    }
  } else if (mode === "google") {
    need("OAUTH_SERVICE_ACCOUNT_FILE", "the service account's JSON key file");
  } else if (mode === "oauth2") {
    need("OAUTH_TOKEN_URL", "the provider's token endpoint (client-credentials grant)");
    need("OAUTH_CLIENT_ID", "the client ID");
    need("OAUTH_CLIENT_SECRET", "the client secret");
    need("OAUTH_SCOPE", "the scope that grants IMAP and SMTP access");
  }
  if (wanted.includes("mail") && mode !== "password" && !blank("SMTP_URL")) {
    try {
      if (new URL(env["SMTP_URL"]!.trim()).username)
        problems.push(`SMTP_URL: carries a user name or password; with MAIL_AUTH=${mode} SMTP signs in with a token as IMAP_USER (or SMTP_USER)`);
    } catch {
      // An invalid URL is already reported by the mail section.
    }
  }
  return problems;
}
