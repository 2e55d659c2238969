// The Data page (admins, issue 19): the retention settings in force, the last purge run and its
// counts, the legal holds, and what the next purge would remove. Times through `when` (the staff
// clock, its zone shown).
import type { RetentionCounts, RetentionSettings } from "../../core/retention-plan.js";
import type { HoldView } from "../../retention/holds.js";
import { when } from "../views/format.js";
import { html, type SafeHtml } from "../views/html.js";
import { t } from "../i18n/catalog.js";
import { formatNumber as num } from "../i18n/format.js";

export interface DataPageView {
  settings: RetentionSettings;
  schedule: { cron: string; timeZone: string; nextRunAt: string };
  lastRun: { ranAt: string; actor: string; counts: RetentionCounts; mailboxError: string | null } | null;
  holds: HoldView[];
  nextRun: { counts: RetentionCounts; mailboxNote: string | null } | { error: string };
}

const days = (n: number) => t("dt.days", { n });

/** The note is also in /api/data, in English: the page words it in its own language. */
function noteWords(note: string | null): string | null {
  const UNREADABLE = "the mailbox could not be read: ";
  if (note === "checked by the worker when the purge runs") return t("dt.checkedByWorker");
  if (note?.startsWith(UNREADABLE)) return t("dt.mailboxUnreadable", { error: note.slice(UNREADABLE.length) });
  return note;
}

function countsTable(c: RetentionCounts, note: string | null): SafeHtml {
  const mailboxNote = noteWords(note);
  return html`<dl class="pairs">
<dt>${t("dt.rawMailGoes")}</dt><dd>${num(c.rawMail)}</dd>
<dt>${t("dt.historyGoes")}</dt><dd>${num(c.records)}</dd>
<dt>${t("dt.mailboxMessages")}</dt><dd>${c.mailbox === null ? html`<span class="muted">${mailboxNote ?? t("dt.notChecked")}</span>` : num(c.mailbox)}</dd>
<dt>${t("dt.keptHeld")}</dt><dd>${num(c.held)}</dd></dl>`;
}

export function dataBody(v: DataPageView): SafeHtml {
  const s = v.settings;
  return html`<section class="card" aria-labelledby="h-settings"><h2 id="h-settings">${t("dt.inForce")}</h2><dl class="pairs">
<dt>${t("dt.rawMail")}</dt><dd>${t("dt.rawMailRule", { days: days(s.rawMailDays) })}</dd>
<dt>${t("dt.history")}</dt><dd>${t("dt.historyRule", { days: days(s.recordDays) })}</dd>
<dt>${t("dt.folders")}</dt><dd>${t("dt.foldersRule", { days: days(s.mailboxDays) })}</dd>
<dt>${t("dt.purge")}</dt><dd>${t("dt.purgeRule", { zone: v.schedule.timeZone })} ${when(v.schedule.nextRunAt)}</dd></dl></section>
<section class="card" aria-labelledby="h-last"><h2 id="h-last">${t("dt.lastPurge")}</h2>
${
  v.lastRun
    ? html`<p>${when(v.lastRun.ranAt)}${t("dt.ranBy", { actor: v.lastRun.actor })}</p>${v.lastRun.mailboxError ? html`<p class="error" role="alert">${t("dt.mailboxNotPurged", { error: v.lastRun.mailboxError })}</p>` : ""}${countsTable(v.lastRun.counts, v.lastRun.mailboxError ? t("dt.notPurgedSeeAbove") : t("dt.notCheckedNoMailbox"))}`
    : html`<p>${t("dt.noPurgeYet")}</p>`
}</section>
<section class="card" aria-labelledby="h-next"><h2 id="h-next">${t("dt.nextPurge")}</h2>
${"error" in v.nextRun ? html`<p class="error" role="alert">${t("dt.previewFailed", { error: v.nextRun.error })}</p>` : countsTable(v.nextRun.counts, v.nextRun.mailboxNote)}</section>
<section aria-labelledby="h-holds"><h2 id="h-holds">${t("dt.holds")}</h2>
${
  v.holds.length
    ? html`<div class="scroll"><table><thead><tr><th scope="col">${t("dt.col.onHold")}</th><th scope="col">${t("dt.col.reason")}</th><th scope="col">${t("dt.col.placedBy")}</th><th scope="col">${t("dt.col.since")}</th></tr></thead><tbody>
${v.holds.map((h) => html`<tr><td>${h.reference ? html`${t("dt.holdRequest")} <a href="/requests/${encodeURIComponent(h.reference)}">${h.reference}</a>` : html`${t("dt.holdPerson")} ${h.email}`}</td><td>${h.reason}</td><td>${h.placedBy}</td><td>${when(h.placedAt)}</td></tr>`)}</tbody></table></div>`
    : html`<p>${t("dt.nothingHeld")}</p>`
}</section>`;
}
