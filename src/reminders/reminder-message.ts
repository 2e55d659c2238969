// What a due reminder looks like as a template and its values; shared by the sender and the
// dry run, so the dry run shows the very subject that --send delivers.
import { formatReplyDate } from "../reply/format-date.js";
import type { TemplateName, Locale } from "../reply/template-catalog.js";
import { torontoWallTimeToInstant } from "../core/toronto-date.js";
import type { DueReminder } from "./plan-reminders.js";

export interface ReminderSettings {
  portalUrl: string | null;
  supportAddress: string | null;
}

export const templateOf = (d: Pick<DueReminder, "kind">): TemplateName =>
  d.kind === "primary-dormancy" ? "reminder-primary-dormancy" : "reminder-account-expiry";

export const localeOf = (d: DueReminder): Locale => (d.user.locale === "fr" ? "fr" : "en");

export const dedupeKeyOf = (d: Pick<DueReminder, "user" | "kind" | "stage" | "basis">): string =>
  `reminder:${d.user.id}:${d.kind}:${d.stage}:${d.basis.toISOString()}`;

/** Noon in Toronto on a YYYY-MM-DD: a date that formats to the same day in every zone rule. */
function dayAsInstant(day: string): Date {
  const [year, month, dd] = day.split("-").map(Number) as [number, number, number];
  return torontoWallTimeToInstant({ year, month, day: dd }, 12);
}

export function reminderValues(d: DueReminder, s: ReminderSettings): Record<string, unknown> {
  const locale = localeOf(d);
  const deadline = formatReplyDate(dayAsInstant(d.deadline), locale);
  return {
    firstName: d.user.firstName,
    lastName: d.user.lastName,
    organizationName: d.user.organizationName,
    branchName: d.user.branchName,
    lastSignInAt: d.user.lastSignInAt ? formatReplyDate(d.user.lastSignInAt, locale) : null,
    dormancyDate: d.kind === "primary-dormancy" ? deadline : null,
    accountExpiresAt: d.kind === "account-expiry" ? deadline : null,
    lockedOutUserCount: d.lockedOutUserCount,
    reference: null,
    portalUrl: s.portalUrl,
    supportAddress: s.supportAddress,
  };
}
