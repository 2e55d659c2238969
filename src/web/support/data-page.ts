// The Data page (admins, issue 19): the retention settings in force, the last purge run and its
// counts, the legal holds, and what the next purge would remove. Times through `when` (the staff
// clock, its zone shown).
import type { RetentionCounts, RetentionSettings } from "../../core/retention-plan.js";
import type { HoldView } from "../../retention/holds.js";
import { when } from "../views/format.js";
import { html, type SafeHtml } from "../views/html.js";

export interface DataPageView {
  settings: RetentionSettings;
  schedule: { cron: string; timeZone: string; nextRunAt: string };
  lastRun: { ranAt: string; actor: string; counts: RetentionCounts; mailboxError: string | null } | null;
  holds: HoldView[];
  nextRun: { counts: RetentionCounts; mailboxNote: string | null } | { error: string };
}

const days = (n: number) => `${n} day${n === 1 ? "" : "s"}${n % 365 === 0 ? ` (${n / 365} year${n === 365 ? "" : "s"})` : ""}`;

function countsTable(c: RetentionCounts, mailboxNote: string | null): SafeHtml {
  return html`<dl class="pairs">
<dt>Requests whose raw mail goes</dt><dd>${c.rawMail}</dd>
<dt>People whose history goes</dt><dd>${c.records}</dd>
<dt>Mailbox messages</dt><dd>${c.mailbox === null ? html`<span class="muted">${mailboxNote ?? "not checked"}</span>` : c.mailbox}</dd>
<dt>Kept under a legal hold</dt><dd>${c.held}</dd></dl>`;
}

export function dataBody(v: DataPageView): SafeHtml {
  const s = v.settings;
  return html`<section class="card" aria-labelledby="h-settings"><h2 id="h-settings">Retention in force</h2><dl class="pairs">
<dt>Raw mail (source, parsed text, reply bodies)</dt><dd>${days(s.rawMailDays)} after arrival, for closed requests</dd>
<dt>A person's history</dt><dd>${days(s.recordDays)} after their last activity (request, PIN use, sign-in)</dd>
<dt>Processed and attention folders</dt><dd>${days(s.mailboxDays)} after arrival, never mail of an open request</dd>
<dt>Purge</dt><dd>daily at 02:30 ${v.schedule.timeZone} time; next ${when(v.schedule.nextRunAt)}</dd></dl></section>
<section class="card" aria-labelledby="h-last"><h2 id="h-last">Last purge</h2>
${
  v.lastRun
    ? html`<p>${when(v.lastRun.ranAt)}, by ${v.lastRun.actor}.</p>${v.lastRun.mailboxError ? html`<p class="error" role="alert">The mailbox could not be purged: ${v.lastRun.mailboxError}</p>` : ""}${countsTable(v.lastRun.counts, v.lastRun.mailboxError ? "not purged (see above)" : "not checked (no mailbox settings where it ran)")}`
    : html`<p>No purge has run yet.</p>`
}</section>
<section class="card" aria-labelledby="h-next"><h2 id="h-next">Next purge (preview)</h2>
${"error" in v.nextRun ? html`<p class="error" role="alert">The preview could not be made: ${v.nextRun.error}</p>` : countsTable(v.nextRun.counts, v.nextRun.mailboxNote)}</section>
<section aria-labelledby="h-holds"><h2 id="h-holds">Legal holds</h2>
${
  v.holds.length
    ? html`<div class="scroll"><table><thead><tr><th scope="col">On hold</th><th scope="col">Reason</th><th scope="col">Placed by</th><th scope="col">Since</th></tr></thead><tbody>
${v.holds.map((h) => html`<tr><td>${h.reference ? html`request <a href="/requests/${encodeURIComponent(h.reference)}">${h.reference}</a>` : html`person ${h.email}`}</td><td>${h.reason}</td><td>${h.placedBy}</td><td>${when(h.placedAt)}</td></tr>`)}</tbody></table></div>`
    : html`<p>Nothing is on hold.</p>`
}</section>`;
}
