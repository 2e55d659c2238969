// "At risk": organizations by date of dormancy, for support staff. GET /at-risk (page) and
// GET /api/at-risk (JSON), both ?within=30|90|180 (default 90) and behind requireStaff('support').
import type { FastifyInstance, FastifyReply } from "fastify";
import { AT_RISK_WINDOWS, listOrganizationsAtRisk, type AtRiskWindow, type OrganizationAtRisk } from "../../reminders/organizations-at-risk.js";
import { torontoDay } from "../../reminders/reminder-dates.js";
import type { Db } from "../../store/prisma.js";
import { requireStaff } from "../auth/guards.js";
import { html, renderPage } from "../views/layout.js";

export interface AtRiskDeps {
  db: Db;
  now?: () => Date;
}

const DEFAULT_WINDOW: AtRiskWindow = 90;

function windowOf(v: unknown): AtRiskWindow | null {
  if (v === undefined || v === "") return DEFAULT_WINDOW;
  const n = Number(v);
  return (AT_RISK_WINDOWS as readonly number[]).includes(n) ? (n as AtRiskWindow) : null;
}

export function atRiskJson(rows: readonly OrganizationAtRisk[], within: AtRiskWindow, now: Date) {
  return {
    within,
    asOf: torontoDay(now),
    count: rows.length,
    organizations: rows.map((r) => ({
      organization: { ref: r.organization.ref, name: r.organization.name },
      primary: {
        firstName: r.primary.firstName,
        lastName: r.primary.lastName,
        email: r.primary.email,
        lastSignInAt: r.primary.lastSignInAt?.toISOString() ?? null,
      },
      dormancyDate: r.dormancyDate,
      daysLeft: r.daysLeft,
      lockedOutUserCount: r.lockedOutUserCount,
      reminders: r.reminders.map((s) => ({ stage: s.stage, sentAt: s.sentAt.toISOString() })),
    })),
  };
}

function table(rows: readonly OrganizationAtRisk[], within: AtRiskWindow) {
  if (!rows.length) return html`<p class="empty">No organization goes dormant in the next ${within} days.</p>`;
  return html`<div class="scroll"><table class="at-risk">
<thead><tr><th scope="col">Goes dormant</th><th scope="col">Organization</th><th scope="col">Primary user</th><th scope="col">Last sign-in</th><th scope="col">Reminders sent</th><th scope="col">Users locked out</th></tr></thead>
<tbody>${rows.map(
    (r) => html`<tr>
<td>${r.dormancyDate} <span class="muted">(in ${r.daysLeft} day${r.daysLeft === 1 ? "" : "s"})</span></td>
<td>${r.organization.name} <span class="muted">${r.organization.ref}</span></td>
<td><a href="/people/${r.primary.id}">${r.primary.firstName} ${r.primary.lastName}</a><br>${r.primary.email}</td>
<td>${r.primary.lastSignInAt ? torontoDay(r.primary.lastSignInAt) : "never"}</td>
<td>${r.reminders.length ? html`<ul class="plain">${r.reminders.map((s) => html`<li>${s.stage}: ${torontoDay(s.sentAt)}</li>`)}</ul>` : "none yet"}</td>
<td>${r.lockedOutUserCount}</td>
</tr>`,
  )}</tbody>
</table></div>`;
}

export function atRiskRoutes(deps: AtRiskDeps) {
  const now = () => deps.now?.() ?? new Date();
  const badWindow = (reply: FastifyReply) =>
    reply.code(400).send({ error: "bad_request", message: `within must be one of ${AT_RISK_WINDOWS.join(", ")} (days)` });
  return async (app: FastifyInstance): Promise<void> => {
    app.get<{ Querystring: { within?: string } }>("/api/at-risk", { preHandler: requireStaff("support") }, async (req, reply) => {
      const within = windowOf(req.query.within);
      if (!within) return badWindow(reply);
      const at = now();
      return atRiskJson(await listOrganizationsAtRisk(deps.db, at, within), within, at);
    });

    app.get<{ Querystring: { within?: string } }>("/at-risk", { preHandler: requireStaff("support") }, async (req, reply) => {
      const within = windowOf(req.query.within) ?? DEFAULT_WINDOW;
      const rows = await listOrganizationsAtRisk(deps.db, now(), within);
      const body = html`<p>Organizations whose primary user has not signed in for almost 2 years. When the date comes, every secondary and branch user is locked out until the organization is re-verified; a sign-in by the primary user before then is all it takes. pinmail reminds the primary user at 18, 21 and 23 months.</p>
<form method="get" action="/at-risk" class="filters">
<div><label for="within">Goes dormant in the next</label>
<select id="within" name="within">${AT_RISK_WINDOWS.map((w) => html`<option value="${w}"${w === within ? html` selected` : ""}>${w} days</option>`)}</select></div>
<div><button type="submit">Show</button></div>
</form>
<p class="muted" role="status">${rows.length} organization${rows.length === 1 ? "" : "s"}; ${rows.reduce((n, r) => n + r.lockedOutUserCount, 0)} users would be locked out.</p>
${table(rows, within)}`;
      return reply.type("text/html; charset=utf-8").send(renderPage({ title: "At risk", staff: req.staff, csrfToken: req.csrfToken, body, nav: "at-risk" }));
    });
  };
}
