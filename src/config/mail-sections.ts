// The mailbox and mail sections: reading (imap), sending (mail), signing in to both (mailAuth)
// and checking who sent each request (senderAuth).
import { existsSync } from "node:fs";
import { z } from "zod";
import { ADDRESS, bool, int, optionalBool, optionalInt, optionalString, parseMailbox, required, urlWith } from "./fields.js";

export const mailSections = {
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
    /**
     * Messages per minute for the mailbox, all processes together (a window shared in Redis, issue 17);
     * unset: 30 with MAIL_AUTH=microsoft, unlimited otherwise (resolved in loadConfig).
     */
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
};
