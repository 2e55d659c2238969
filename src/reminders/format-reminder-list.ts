// The dry run's report: one block per reminder, with who, which, why and the subject line the
// mail will carry. Plain text for a terminal; no PIN or secret can reach it.
import { BUSINESS_TIME_ZONE } from "../core/time-zone.js";
import type { DueReminder } from "./plan-reminders.js";
import { localeOf } from "./reminder-message.js";
import { torontoDay } from "./reminder-dates.js";

export interface ListedReminder {
  due: DueReminder;
  subject: string;
}

export function formatReminderList(items: readonly ListedReminder[], at: Date, mode: "dry-run" | "sent"): string {
  const day = torontoDay(at);
  const head =
    mode === "dry-run"
      ? `Reminders due on ${day} (${BUSINESS_TIME_ZONE}): ${items.length}. Dry run: nothing was sent.`
      : `Reminders queued on ${day} (${BUSINESS_TIME_ZONE}): ${items.length}. A running \`pinmail worker\` delivers them.`;
  if (!items.length) return `${head}\n`;
  const lines = [head, ""];
  for (const { due, subject } of items) {
    lines.push(`${due.user.email}  ${due.kind} ${due.stage}  (${localeOf(due)})`);
    lines.push(`  ${due.user.firstName} ${due.user.lastName}, ${due.user.organizationName}${due.user.branchName ? ` / ${due.user.branchName}` : ""}`);
    lines.push(`  why: ${due.why}`);
    lines.push(`  subject: ${subject}`);
    lines.push("");
  }
  return lines.join("\n");
}
