// Issue 19 cards: "Legal hold" on the People and case pages (whether the person or request is on
// hold, since when, by whom and why; admins get the form to place or lift it), and "Their data"
// on the People page (admins: export the archive, erase the history with confirmation).
import { when } from "../views/format.js";
import { html, type SafeHtml } from "../views/html.js";
import { t } from "../i18n/catalog.js";

export interface HoldInfo {
  reason: string;
  placedBy: string;
  placedAt: string;
}

// Getters, so each notice is read in the language of the page being rendered (issue 20).
export const HOLD_NOTICES: Record<string, string> = {
  get held() {
    return t("hd.held");
  },
  get unheld() {
    return t("hd.unheld");
  },
  get erased() {
    return t("hd.erased");
  },
};

/** `base` is the page's path (/people/12 or /requests/RQ-...); forms post to base/hold and base/unhold. */
export function holdSection(what: "person" | "request", base: string, hold: HoldInfo | null, csrf: string, isAdmin: boolean): SafeHtml {
  const status = hold ? onHold(what, hold) : html`<p>${t(`hd.notOnHold.${what}`)}</p>`;
  const form = !isAdmin ? html`` : hold ? liftForm(base, csrf) : placeForm(base, csrf);
  return html`<section class="card" aria-labelledby="h-hold"><h2 id="h-hold">${t("hd.title")}</h2>${status}${form}</section>`;
}

function onHold(what: "person" | "request", hold: HoldInfo): SafeHtml {
  const placed = t("hd.placed", { by: hold.placedBy, reason: hold.reason });
  return html`<p><strong>${t("hd.onHold")}</strong> ${t("hd.since")} ${when(hold.placedAt)}, ${placed}</p><p class="muted">${t(`hd.nothingPurged.${what}`)}</p>`;
}

const token = (csrf: string) => html`<input type="hidden" name="_csrf" value="${csrf}">`;

const liftForm = (base: string, csrf: string) =>
  html`<form method="post" action="${base}/unhold" class="inline">${token(csrf)}<button type="submit">${t("hd.lift")}</button></form>`;

function placeForm(base: string, csrf: string): SafeHtml {
  const reason = html`<label for="hold-reason">${t("hd.reason")}</label> <input id="hold-reason" name="reason" required maxlength="500" placeholder="${t("hd.reasonHint")}">`;
  return html`<form method="post" action="${base}/hold" class="inline">${token(csrf)}${reason} <button type="submit">${t("hd.put")}</button></form>`;
}

export function personDataSection(id: number, email: string, csrf: string, isAdmin: boolean): SafeHtml {
  if (!isAdmin) return html``;
  return html`<section class="card" aria-labelledby="h-data"><h2 id="h-data">${t("pd.title")}</h2>
<p>${t("pd.archive", { email })}</p>
<form method="post" action="/people/${id}/export" class="inline">${token(csrf)}<button type="submit">${t("pd.download")}</button></form>
<details><summary>${t("pd.eraseSummary")}</summary>
<p>${t("pd.eraseText")}</p>
<form method="post" action="/people/${id}/erase"><input type="hidden" name="_csrf" value="${csrf}">
<p><label for="erase-reason">${t("pd.eraseReason")}</label><br><input id="erase-reason" name="reason" required maxlength="500"></p>
<p><label for="erase-confirm">${t("pd.eraseConfirm")}</label><br><input id="erase-confirm" name="confirm" required autocomplete="off"></p>
<button type="submit">${t("pd.erase")}</button></form></details></section>`;
}
