// The alert conditions pinmail watches. These names are an interface: they appear in mail
// subjects, the webhook body, GET /api/alerts, the `alert` label of pinmail_alerts_open and
// deploy/prometheus/alerts.yml.
export const ALERT_NAMES = [
  "mailbox-down",
  "mailbox-stale",
  "requests-waiting",
  "delivery-failed",
  "reviews-overdue",
  "credential-expiring",
  "unusual-silence",
  "no-workers",
] as const;

export type AlertName = (typeof ALERT_NAMES)[number];

/** Conditions checked once a day rather than every ALERT_CHECK_INTERVAL. */
export const DAILY_ALERTS: ReadonlySet<AlertName> = new Set(["reviews-overdue", "credential-expiring"]);

/** Reported in the daily digest only, never by its own mail or webhook call. */
export const DIGEST_ONLY_ALERTS: ReadonlySet<AlertName> = new Set(["reviews-overdue"]);
