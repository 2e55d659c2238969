// What a due reminder looks like as a template and its facts (reply/ turns them into values);
// shared by the sender and the dry run, so the dry run shows the very subject that --send delivers.
import type { TemplateName, Locale } from "../reply/template-catalog.js";
import { replyContact, type ReplyFacts } from "../reply/template-values.js";
import { replyLocale } from "../reply/reply-locale.js";
import { torontoWallTimeToInstant } from "../core/toronto-date.js";
import type { DueReminder } from "./plan-reminders.js";

export interface ReminderSettings {
  portalUrl: string | null;
  supportAddress: string | null;
}

export const templateOf = (d: Pick<DueReminder, "kind">): TemplateName =>
  d.kind === "primary-dormancy" ? "reminder-primary-dormancy" : "reminder-account-expiry";

// A reminder answers no message: the language on record, English without one.
export const localeOf = (d: DueReminder): Locale => replyLocale(d.user.locale, null);

export const dedupeKeyOf = (d: Pick<DueReminder, "user" | "kind" | "stage" | "basis">): string =>
  `reminder:${d.user.id}:${d.kind}:${d.stage}:${d.basis.toISOString()}`;

/** Noon in Toronto on a YYYY-MM-DD: a date that formats to the same day in every zone rule. */
function dayAsInstant(day: string): Date {
  const [year, month, dd] = day.split("-").map(Number) as [number, number, number];
  return torontoWallTimeToInstant({ year, month, day: dd }, 12);
}

export function reminderFacts(d: DueReminder, s: ReminderSettings): ReplyFacts {
  const { firstName, lastName, organizationName, branchName, lastSignInAt } = d.user;
  return {
    locale: localeOf(d),
    reference: null,
    contact: replyContact(s),
    person: { firstName, lastName, organizationName, branchName, lastSignInAt },
    // The deadline is the dormancy date or the account's expiry: the template (templateOf) says which.
    reminder: { deadline: dayAsInstant(d.deadline), lockedOutUserCount: d.lockedOutUserCount },
  };
}
