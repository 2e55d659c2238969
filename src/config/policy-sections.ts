// The policy sections: how PINs are made and limited (pin), how long data is kept (retention),
// and when staff are alerted (alerts).
import { z } from "zod";
import { secretProblem } from "../core/secret-strength.js";
import { addressList, bool, commaItems, duration, int, optionalString, secret } from "./fields.js";

export const policySections = {
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
};
