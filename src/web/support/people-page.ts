// People on record: search, and one person's page with requests and PIN history (never a PIN),
// with a revoke action on PINs that still work.
import { badge, due, when } from "../views/format.js";
import { userText } from "../views/user-text.js";
import { html, type SafeHtml } from "../views/html.js";
import type { PersonDetail } from "./people-data.js";
import { HOLD_NOTICES, holdSection, personDataSection } from "./hold-parts.js";

export function peopleBody(q: string | undefined, people: Array<{ id: number; email: string; firstName: string; lastName: string; role: string; active: boolean; organization: string; branch: string | null }>): SafeHtml {
  return html`<form method="get" action="/people" role="search" class="filters"><div><label for="p-q">Search</label><input id="p-q" name="q" type="search" value="${q ?? ""}" placeholder="name, email or organization"></div><div><button type="submit">Search</button></div></form>
${people.length
  ? html`<div class="scroll"><table><thead><tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Organization</th><th scope="col">Branch</th><th scope="col">Active</th></tr></thead>
<tbody>${people.map((p) => html`<tr><td><a href="/people/${p.id}">${userText(`${p.firstName} ${p.lastName}`)}</a></td><td>${userText(p.email)}</td><td>${p.role}</td><td>${p.organization}</td><td>${p.branch ?? "—"}</td><td>${p.active ? "yes" : "no"}</td></tr>`)}</tbody></table></div>`
  : html`<p>Nobody matches.</p>`}`;
}

export function personBody(p: PersonDetail, csrf: string, now: Date, notice?: string, error?: string, isAdmin = false): SafeHtml {
  return html`${notice === "revoked" ? html`<p class="notice" role="status">PIN revoked: it no longer works.</p>` : ""}
${notice && HOLD_NOTICES[notice] ? html`<p class="notice" role="status">${HOLD_NOTICES[notice]}</p>` : ""}
${error ? html`<p class="error" role="alert">${error}</p>` : ""}
<section class="card" aria-labelledby="h-person"><h2 id="h-person">Registered details</h2><dl class="pairs">
<dt>Name</dt><dd>${userText(`${p.firstName} ${p.lastName}`)}</dd><dt>Email</dt><dd>${userText(p.email)}</dd><dt>Role</dt><dd>${p.role}</dd>
<dt>Organization</dt><dd>${p.organization.name} (${p.organization.ref})${p.organization.active ? "" : " — inactive"}</dd>
<dt>Branch</dt><dd>${p.branch ? `${p.branch.name} (${p.branch.ref})` : "—"}</dd><dt>Language</dt><dd>${p.locale ?? "as each request"}</dd>
<dt>Last sign-in</dt><dd>${when(p.lastSignInAt)}</dd><dt>Active</dt><dd>${p.active ? "yes" : "no"}</dd></dl></section>
${holdSection("person", `/people/${p.id}`, p.hold, csrf, isAdmin)}
${personDataSection(p.id, p.email, csrf, isAdmin)}
<section aria-labelledby="h-pins"><h2 id="h-pins">PIN history</h2>
${p.pins.length
  ? html`<div class="scroll"><table><thead><tr><th scope="col">Issued</th><th scope="col">Status</th><th scope="col">Expires</th><th scope="col">Used</th><th scope="col">Revoked</th><th scope="col">Request</th><th scope="col">Action</th></tr></thead><tbody>
${p.pins.map(
    (pin) => html`<tr><td>${when(pin.issuedAt)}</td><td>${badge("state", pin.status)}</td><td>${when(pin.expiresAt)}</td><td>${when(pin.usedAt)}</td><td>${pin.revokedAt ? html`${when(pin.revokedAt)} <span class="muted">${pin.revokedReason ?? ""}</span>` : "—"}</td><td>${pin.request ? html`<a href="/requests/${encodeURIComponent(pin.request)}">${pin.request}</a>` : "—"}</td>
<td>${pin.status === "outstanding" ? html`<form method="post" action="/people/${p.id}/pins/${pin.id}/revoke" class="inline"><input type="hidden" name="_csrf" value="${csrf}"><label class="sr-only" for="why-${pin.id}">Reason</label><input id="why-${pin.id}" name="reason" placeholder="reason" maxlength="500"><button type="submit">Revoke</button></form>` : ""}</td></tr>`,
  )}</tbody></table></div>`
  : html`<p>No PIN was ever issued.</p>`}</section>
<section aria-labelledby="h-reqs"><h2 id="h-reqs">Requests</h2>
${p.requests.length
  ? html`<ul>${p.requests.map((r) => html`<li><a href="/requests/${encodeURIComponent(r.reference)}">${r.reference}</a> ${when(r.receivedAt)} ${badge("state", r.state)} ${badge("outcome", r.outcome)} ${r.state === "review" ? due(r.dueAt, r.state, now) : ""}</li>`)}</ul>`
  : html`<p>No requests.</p>`}</section>`;
}
