// Machine names (outcomes, states, reply templates) as staff read them. The machine name stays in
// the JSON and in a tooltip; pages show these words (issue 20).
import { currentLocale } from "../i18n/locale.js";
import { LOCALE_LABELS_FR, OUTCOME_LABELS_FR, STATE_LABELS_FR, TEMPLATE_LABELS_FR } from "../i18n/words/labels-fr.js";

export const TEMPLATE_LABELS: Record<string, string> = {
  rejected: "No PIN (general refusal)",
  "name-mismatch": "Name does not match",
  "name-missing": "Name missing",
  "not-recognised": "Address not recognised",
  "organization-dormant": "Organization dormant",
  "account-expired": "Account expired",
  "primary-user": "Primary user: no PIN needed",
  "pin-issued": "PIN issued",
  "follow-up-pin-issued": "PIN issued (follow-up)",
  "rate-limited": "Too many PINs today",
  "needs-review": "Sent to review (acknowledgement)",
  "follow-up-review": "Follow-up joined the case in review",
  "reminder-primary-dormancy": "Reminder: organization about to go dormant",
  "reminder-account-expiry": "Reminder: account about to expire",
};

export const OUTCOME_LABELS: Record<string, string> = {
  "pin-issued": "PIN issued",
  "name-mismatch": "Name does not match",
  "name-missing": "Name missing",
  "organization-dormant": "Organization dormant",
  "account-expired": "Account expired",
  "primary-user": "Primary user",
  "not-recognised": "Address not recognised",
  "rate-limited": "Too many PINs",
  "needs-review": "Needs review",
  rejected: "Rejected",
  inactive: "Inactive in the records",
};

export const STATE_LABELS: Record<string, string> = {
  received: "Received",
  processing: "Being answered",
  review: "In review",
  answered: "Answered",
  ignored: "Closed without reply",
  failed: "Failed",
  // Outbox statuses share the badge.
  pending: "Waiting to be sent",
  sent: "Sent",
  undeliverable: "Could not be sent",
  // PIN statuses share it too (People page).
  outstanding: "Still valid",
  used: "Used",
  revoked: "Revoked",
  expired: "Expired",
};

export const LOCALE_LABELS: Record<string, string> = { en: "English", fr: "French" };

export const templateLabel = (t: string) => (currentLocale() === "fr" ? TEMPLATE_LABELS_FR[t] : undefined) ?? TEMPLATE_LABELS[t] ?? t;
// French pages get the French words when there are some (issue 20, src/web/i18n/words/labels-fr.ts).
export const outcomeLabel = (o: string) => (currentLocale() === "fr" ? OUTCOME_LABELS_FR[o] : undefined) ?? OUTCOME_LABELS[o] ?? o;
export const stateLabel = (s: string) => (currentLocale() === "fr" ? STATE_LABELS_FR[s] : undefined) ?? STATE_LABELS[s] ?? s;
export const localeLabel = (l: string | null | undefined) => {
  const fr = currentLocale() === "fr";
  return l ? ((fr ? LOCALE_LABELS_FR[l] : undefined) ?? LOCALE_LABELS[l] ?? l) : fr ? "inconnue" : "unknown";
};
