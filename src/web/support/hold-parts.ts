// The "Legal hold" card of the People and case pages (issue 19): whether the person or request is
// on hold, since when, by whom and why; admins get the form to place or lift it.
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
};

/** `base` is the page's path (/people/12 or /requests/RQ-...); forms post to base/hold and base/unhold. */
export function holdSection(what: "person" | "request", base: string, hold: HoldInfo | null, csrf: string, isAdmin: boolean): SafeHtml {
  const subject = what === "person" ? "this person's data" : "this request";
  const status = hold
    ? html`<p><strong>On hold</strong> since ${when(hold.placedAt)} (Toronto time), placed by ${hold.placedBy}: ${hold.reason}</p><p class="muted">Nothing of ${subject} is purged or erased while the hold lasts.</p>`
    : html`<p>Not on hold: ${subject} follows the usual retention.</p>`;
  const form = !isAdmin
    ? html``
    : hold
      ? html`<form method="post" action="${base}/unhold" class="inline"><input type="hidden" name="_csrf" value="${csrf}"><button type="submit">Lift the hold</button></form>`
      : html`<form method="post" action="${base}/hold" class="inline"><input type="hidden" name="_csrf" value="${csrf}"><label for="hold-reason">Reason (required)</label> <input id="hold-reason" name="reason" required maxlength="500" placeholder="e.g. access request file number"> <button type="submit">Put on hold</button></form>`;
  return html`<section class="card" aria-labelledby="h-hold"><h2 id="h-hold">Legal hold</h2>${status}${form}</section>`;
}
