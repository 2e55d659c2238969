// The Data page (admins, issue 19): the retention settings in force, the last purge run and its
// counts, the legal holds, and what the next purge would remove. Times through `when` (the staff
// clock, its zone shown).
import type { RetentionCounts, RetentionSettings } from "../../core/retention-plan.js";
import type { HoldView } from "../../retention/holds.js";
import { when } from "../views/format.js";
import { html, type SafeHtml } from "../views/html.js";
import { cells, headRow } from "../views/table.js";
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
${v.lastRun ? lastRun(v.lastRun) : html`<p>${t("dt.noPurgeYet")}</p>`}</section>
<section class="card" aria-labelledby="h-next"><h2 id="h-next">${t("dt.nextPurge")}</h2>
${nextRun(v.nextRun)}</section>
<section aria-labelledby="h-holds"><h2 id="h-holds">${t("dt.holds")}</h2>
${v.holds.length ? holdsTable(v.holds) : html`<p>${t("dt.nothingHeld")}</p>`}</section>`;
}

function lastRun(r: NonNullable<DataPageView["lastRun"]>): SafeHtml {
  const error = r.mailboxError ? html`<p class="error" role="alert">${t("dt.mailboxNotPurged", { error: r.mailboxError })}</p>` : "";
  const counts = countsTable(r.counts, r.mailboxError ? t("dt.notPurgedSeeAbove") : t("dt.notCheckedNoMailbox"));
  return html`<p>${when(r.ranAt)}${t("dt.ranBy", { actor: r.actor })}</p>${error}${counts}`;
}

function nextRun(n: DataPageView["nextRun"]): SafeHtml {
  if ("error" in n) return html`<p class="error" role="alert">${t("dt.previewFailed", { error: n.error })}</p>`;
  return countsTable(n.counts, n.mailboxNote);
}

const HOLD_COLUMNS = ["dt.col.onHold", "dt.col.reason", "dt.col.placedBy", "dt.col.since"] as const;

function holdsTable(holds: HoldView[]): SafeHtml {
  const what = (h: HoldView) =>
    h.reference
      ? html`${t("dt.holdRequest")} <a href="/requests/${encodeURIComponent(h.reference)}">${h.reference}</a>`
      : html`${t("dt.holdPerson")} ${h.email}`;
  return html`<div class="scroll"><table>${headRow(HOLD_COLUMNS.map((k) => t(k)))}<tbody>
${holds.map((h) => html`<tr>${cells(what(h), h.reason, h.placedBy, when(h.placedAt))}</tr>`)}</tbody></table></div>`;
}
