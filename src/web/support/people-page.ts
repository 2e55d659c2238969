// People on record: search, and one person's page with requests and PIN history (never a PIN),
// with a revoke action on PINs that still work.
import { badge, due, when } from "../views/format.js";
import { userText } from "../views/user-text.js";
import { html, type SafeHtml } from "../views/html.js";
import { cells, headRow, pair } from "../views/table.js";
import type { PersonDetail } from "./people-data.js";
import { reviewErrorWords, type ActionError } from "./review-errors.js";
import { HOLD_NOTICES, holdSection, personDataSection } from "./hold-parts.js";
import { t } from "../i18n/catalog.js";

type PersonRow = { id: number; email: string; firstName: string; lastName: string; role: string; active: boolean; organization: string; branch: string | null };
type Pin = PersonDetail["pins"][number];

const PEOPLE_COLUMNS = ["col.name", "col.email", "col.role", "col.organization", "col.branch", "col.active"] as const;
const PIN_COLUMNS = ["col.issued", "col.status", "col.expires", "col.used", "col.revoked", "col.request", "col.action"] as const;
const yesNo = (v: boolean) => (v ? t("common.yes") : t("common.no"));
const caseLink = (reference: string) => html`<a href="/requests/${encodeURIComponent(reference)}">${reference}</a>`;

function searchForm(q: string | undefined): SafeHtml {
  const field = html`<label for="p-q">${t("common.search")}</label><input id="p-q" name="q" type="search" value="${q ?? ""}" placeholder="${t("pp.searchHint")}">`;
  return html`<form method="get" action="/people" role="search" class="filters"><div>${field}</div><div><button type="submit">${t("common.search")}</button></div></form>`;
}

function personRow(p: PersonRow): SafeHtml {
  const name = html`<a href="/people/${p.id}">${userText(`${p.firstName} ${p.lastName}`)}</a>`;
  return html`<tr>${cells(name, userText(p.email), p.role, p.organization, p.branch ?? "—", yesNo(p.active))}</tr>`;
}

export function peopleBody(q: string | undefined, people: PersonRow[]): SafeHtml {
  const table = people.length
    ? html`<div class="scroll"><table>${headRow(PEOPLE_COLUMNS.map((k) => t(k)))}
<tbody>${people.map(personRow)}</tbody></table></div>`
    : html`<p>${t("pp.nobody")}</p>`;
  return html`${searchForm(q)}
${table}`;
}

function record(p: PersonDetail): SafeHtml {
  const org = html`${p.organization.name} (${p.organization.ref})${p.organization.active ? "" : ` — ${t("pp.inactive")}`}`;
  const language = p.locale === "en" || p.locale === "fr" ? t(`lang.${p.locale}`) : (p.locale ?? t("pp.asEachRequest"));
  return html`<section class="card" aria-labelledby="h-person"><h2 id="h-person">${t("pp.registered")}</h2><dl class="pairs">
${pair(t("col.name"), userText(`${p.firstName} ${p.lastName}`))}${pair(t("col.email"), userText(p.email))}${pair(t("col.role"), p.role)}
${pair(t("col.organization"), org)}
${pair(t("col.branch"), p.branch ? `${p.branch.name} (${p.branch.ref})` : "—")}${pair(t("pp.language"), language)}
${pair(t("pp.lastSignIn"), when(p.lastSignInAt))}${pair(t("col.active"), yesNo(p.active))}</dl></section>`;
}

/** The revoke form of a PIN that still works, with its reason. */
function revokeForm(personId: number, pin: Pin, csrf: string): SafeHtml {
  const label = html`<label class="sr-only" for="why-${pin.id}">${t("pp.reason")}</label>`;
  const reason = html`<input id="why-${pin.id}" name="reason" placeholder="${t("pp.reasonHint")}" maxlength="500">`;
  const token = html`<input type="hidden" name="_csrf" value="${csrf}">`;
  return html`<form method="post" action="/people/${personId}/pins/${pin.id}/revoke" class="inline">${token}${label}${reason}<button type="submit">${t("pp.revoke")}</button></form>`;
}

function pinRow(personId: number, pin: Pin, csrf: string): SafeHtml {
  const revoked = pin.revokedAt ? html`${when(pin.revokedAt)} <span class="muted">${pin.revokedReason ?? ""}</span>` : "—";
  const action = pin.status === "outstanding" ? revokeForm(personId, pin, csrf) : "";
  return html`<tr>${cells(when(pin.issuedAt), badge("state", pin.status), when(pin.expiresAt), when(pin.usedAt), revoked, pin.request ? caseLink(pin.request) : "—")}
${cells(action)}</tr>`;
}

function requestItem(r: PersonDetail["requests"][number], now: Date): SafeHtml {
  const dueAt = r.state === "review" ? due(r.dueAt, r.state, now) : "";
  return html`<li>${caseLink(r.reference)} ${when(r.receivedAt)} ${badge("state", r.state)} ${badge("outcome", r.outcome)} ${dueAt}</li>`;
}

export function personBody(p: PersonDetail, csrf: string, now: Date, notice?: string, error?: ActionError, isAdmin = false): SafeHtml {
  const pins = p.pins.length
    ? html`<div class="scroll"><table>${headRow(PIN_COLUMNS.map((k) => t(k)))}<tbody>
${p.pins.map((pin) => pinRow(p.id, pin, csrf))}</tbody></table></div>`
    : html`<p>${t("pp.noPin")}</p>`;
  const requests = p.requests.length ? html`<ul>${p.requests.map((r) => requestItem(r, now))}</ul>` : html`<p>${t("pp.noRequests")}</p>`;
  return html`${notice === "revoked" ? html`<p class="notice" role="status">${t("pp.revoked")}</p>` : ""}
${notice && HOLD_NOTICES[notice] ? html`<p class="notice" role="status">${HOLD_NOTICES[notice]}</p>` : ""}
${error ? html`<p class="error" role="alert">${reviewErrorWords(error)}</p>` : ""}
${record(p)}
${holdSection("person", `/people/${p.id}`, p.hold, csrf, isAdmin)}
${personDataSection(p.id, p.email, csrf, isAdmin)}
<section aria-labelledby="h-pins"><h2 id="h-pins">${t("pp.pinHistory")}</h2>
${pins}</section>
<section aria-labelledby="h-reqs"><h2 id="h-reqs">${t("pp.requests")}</h2>
${requests}</section>`;
}
