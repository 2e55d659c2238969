// Issue 19 cards: "Legal hold" on the People and case pages (whether the person or request is on
// hold, since when, by whom and why; admins get the form to place or lift it), and "Their data"
// on the People page (admins: export the archive, erase the history with confirmation).
import { when } from "../views/format.js";
import { html, type SafeHtml } from "../views/html.js";

export interface HoldInfo {
  reason: string;
  placedBy: string;
  placedAt: string;
}

export const HOLD_NOTICES: Record<string, string> = {
  held: "On legal hold: nothing of it is purged or erased until the hold is lifted.",
  unheld: "Legal hold lifted: the usual retention applies again.",
  erased: "History erased: requests, replies, PIN history, reminders and events are gone (the registered details stay; anything under a legal hold was kept).",
};

/** `base` is the page's path (/people/12 or /requests/RQ-...); forms post to base/hold and base/unhold. */
export function holdSection(what: "person" | "request", base: string, hold: HoldInfo | null, csrf: string, isAdmin: boolean): SafeHtml {
  const subject = what === "person" ? "this person's data" : "this request";
  const status = hold
    ? html`<p><strong>On hold</strong> since ${when(hold.placedAt)}, placed by ${hold.placedBy}: ${hold.reason}</p><p class="muted">Nothing of ${subject} is purged or erased while the hold lasts.</p>`
    : html`<p>Not on hold: ${subject} follows the usual retention.</p>`;
  const form = !isAdmin
    ? html``
    : hold
      ? html`<form method="post" action="${base}/unhold" class="inline"><input type="hidden" name="_csrf" value="${csrf}"><button type="submit">Lift the hold</button></form>`
      : html`<form method="post" action="${base}/hold" class="inline"><input type="hidden" name="_csrf" value="${csrf}"><label for="hold-reason">Reason (required)</label> <input id="hold-reason" name="reason" required maxlength="500" placeholder="e.g. access request file number"> <button type="submit">Put on hold</button></form>`;
  return html`<section class="card" aria-labelledby="h-hold"><h2 id="h-hold">Legal hold</h2>${status}${form}</section>`;
}

export function personDataSection(id: number, email: string, csrf: string, isAdmin: boolean): SafeHtml {
  if (!isAdmin) return html``;
  return html`<section class="card" aria-labelledby="h-data"><h2 id="h-data">Their data</h2>
<p>Everything pinmail holds about ${email}, as a zip archive (PINs never included). The export is recorded in the audit trail.</p>
<form method="post" action="/people/${id}/export" class="inline"><input type="hidden" name="_csrf" value="${csrf}"><button type="submit">Download their data</button></form>
<details><summary>Erase their history at their request</summary>
<p>Removes their requests, replies, PIN history, reminders and events now; this cannot be undone. Their registered details stay. Anything under a legal hold is kept.</p>
<form method="post" action="/people/${id}/erase"><input type="hidden" name="_csrf" value="${csrf}">
<p><label for="erase-reason">Reason (no personal details; e.g. "request received 2027-06-01")</label><br><input id="erase-reason" name="reason" required maxlength="500"></p>
<p><label for="erase-confirm">Type their address to confirm</label><br><input id="erase-confirm" name="confirm" required autocomplete="off"></p>
<button type="submit">Erase their history</button></form></details></section>`;
}
