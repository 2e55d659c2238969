// People on record: search, and one person's page with requests and PIN history (never a PIN),
// with a revoke action on PINs that still work.
import { badge, due, when } from "../views/format.js";
import { userText } from "../views/user-text.js";
import { html, type SafeHtml } from "../views/html.js";
import type { PersonDetail } from "./people-data.js";
import { reviewErrorWords, type ActionError } from "./review-errors.js";
import { HOLD_NOTICES, holdSection, personDataSection } from "./hold-parts.js";
import { t } from "../i18n/catalog.js";

export function peopleBody(
  q: string | undefined,
  people: Array<{ id: number; email: string; firstName: string; lastName: string; role: string; active: boolean; organization: string; branch: string | null }>,
): SafeHtml {
  return html`<form method="get" action="/people" role="search" class="filters"><div><label for="p-q">${t("common.search")}</label><input id="p-q" name="q" type="search" value="${q ?? ""}" placeholder="${t("pp.searchHint")}"></div><div><button type="submit">${t("common.search")}</button></div></form>
${
  people.length
    ? html`<div class="scroll"><table><thead><tr><th scope="col">${t("col.name")}</th><th scope="col">${t("col.email")}</th><th scope="col">${t("col.role")}</th><th scope="col">${t("col.organization")}</th><th scope="col">${t("col.branch")}</th><th scope="col">${t("col.active")}</th></tr></thead>
<tbody>${people.map((p) => html`<tr><td><a href="/people/${p.id}">${userText(`${p.firstName} ${p.lastName}`)}</a></td><td>${userText(p.email)}</td><td>${p.role}</td><td>${p.organization}</td><td>${p.branch ?? "—"}</td><td>${p.active ? t("common.yes") : t("common.no")}</td></tr>`)}</tbody></table></div>`
    : html`<p>${t("pp.nobody")}</p>`
}`;
}

export function personBody(p: PersonDetail, csrf: string, now: Date, notice?: string, error?: ActionError, isAdmin = false): SafeHtml {
  return html`${notice === "revoked" ? html`<p class="notice" role="status">${t("pp.revoked")}</p>` : ""}
${notice && HOLD_NOTICES[notice] ? html`<p class="notice" role="status">${HOLD_NOTICES[notice]}</p>` : ""}
${error ? html`<p class="error" role="alert">${reviewErrorWords(error)}</p>` : ""}
<section class="card" aria-labelledby="h-person"><h2 id="h-person">${t("pp.registered")}</h2><dl class="pairs">
<dt>${t("col.name")}</dt><dd>${userText(`${p.firstName} ${p.lastName}`)}</dd><dt>${t("col.email")}</dt><dd>${userText(p.email)}</dd><dt>${t("col.role")}</dt><dd>${p.role}</dd>
<dt>${t("col.organization")}</dt><dd>${p.organization.name} (${p.organization.ref})${p.organization.active ? "" : ` — ${t("pp.inactive")}`}</dd>
<dt>${t("col.branch")}</dt><dd>${p.branch ? `${p.branch.name} (${p.branch.ref})` : "—"}</dd><dt>${t("pp.language")}</dt><dd>${p.locale === "en" || p.locale === "fr" ? t(`lang.${p.locale}`) : (p.locale ?? t("pp.asEachRequest"))}</dd>
<dt>${t("pp.lastSignIn")}</dt><dd>${when(p.lastSignInAt)}</dd><dt>${t("col.active")}</dt><dd>${p.active ? t("common.yes") : t("common.no")}</dd></dl></section>
${holdSection("person", `/people/${p.id}`, p.hold, csrf, isAdmin)}
${personDataSection(p.id, p.email, csrf, isAdmin)}
<section aria-labelledby="h-pins"><h2 id="h-pins">${t("pp.pinHistory")}</h2>
${
  p.pins.length
    ? html`<div class="scroll"><table><thead><tr><th scope="col">${t("col.issued")}</th><th scope="col">${t("col.status")}</th><th scope="col">${t("col.expires")}</th><th scope="col">${t("col.used")}</th><th scope="col">${t("col.revoked")}</th><th scope="col">${t("col.request")}</th><th scope="col">${t("col.action")}</th></tr></thead><tbody>
${p.pins.map(
  (
    pin,
  ) => html`<tr><td>${when(pin.issuedAt)}</td><td>${badge("state", pin.status)}</td><td>${when(pin.expiresAt)}</td><td>${when(pin.usedAt)}</td><td>${pin.revokedAt ? html`${when(pin.revokedAt)} <span class="muted">${pin.revokedReason ?? ""}</span>` : "—"}</td><td>${pin.request ? html`<a href="/requests/${encodeURIComponent(pin.request)}">${pin.request}</a>` : "—"}</td>
<td>${pin.status === "outstanding" ? html`<form method="post" action="/people/${p.id}/pins/${pin.id}/revoke" class="inline"><input type="hidden" name="_csrf" value="${csrf}"><label class="sr-only" for="why-${pin.id}">${t("pp.reason")}</label><input id="why-${pin.id}" name="reason" placeholder="${t("pp.reasonHint")}" maxlength="500"><button type="submit">${t("pp.revoke")}</button></form>` : ""}</td></tr>`,
)}</tbody></table></div>`
    : html`<p>${t("pp.noPin")}</p>`
}</section>
<section aria-labelledby="h-reqs"><h2 id="h-reqs">${t("pp.requests")}</h2>
${
  p.requests.length
    ? html`<ul>${p.requests.map((r) => html`<li><a href="/requests/${encodeURIComponent(r.reference)}">${r.reference}</a> ${when(r.receivedAt)} ${badge("state", r.state)} ${badge("outcome", r.outcome)} ${r.state === "review" ? due(r.dueAt, r.state, now) : ""}</li>`)}</ul>`
    : html`<p>${t("pp.noRequests")}</p>`
}</section>`;
}
