// "At risk": organizations by date of dormancy, for support staff. GET /at-risk (page) and
// GET /api/at-risk (JSON), both ?within=30|90|180 (default 90) and behind requireStaff('support').
import type { FastifyInstance, FastifyReply } from "fastify";
import { AT_RISK_WINDOWS, listOrganizationsAtRisk, type AtRiskWindow, type OrganizationAtRisk } from "../../reminders/organizations-at-risk.js";
import { torontoDay } from "../../reminders/reminder-dates.js";
import type { Db } from "../../store/prisma.js";
import { requireStaff } from "../auth/guards.js";
import { arrayOf, describeOnly, errorAnswers, int, isoTime, nullable, obj, str } from "../api/schema-kit.js";
import { html, renderPage } from "../views/layout.js";
import { t } from "../i18n/catalog.js";
import { formatNumber } from "../i18n/format.js";

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
  if (!rows.length) return html`<p class="empty">${t("ar.empty", { n: within })}</p>`;
  const cols = ["ar.col.date", "ar.col.organization", "ar.col.primary", "ar.col.lastSignIn", "ar.col.reminders", "ar.col.lockedOut"] as const;
  return html`<div class="scroll"><table class="at-risk">
<thead><tr>${cols.map((c) => html`<th scope="col">${t(c)}</th>`)}</tr></thead>
<tbody>${rows.map(
    (r) => html`<tr>
<td>${r.dormancyDate} <span class="muted">${t("ar.inDays", { n: r.daysLeft })}</span></td>
<td>${r.organization.name} <span class="muted">${r.organization.ref}</span></td>
<td><a href="/people/${r.primary.id}">${r.primary.firstName} ${r.primary.lastName}</a><br>${r.primary.email}</td>
<td>${r.primary.lastSignInAt ? torontoDay(r.primary.lastSignInAt) : t("ar.never")}</td>
<td>${r.reminders.length ? html`<ul class="plain">${r.reminders.map((s) => html`<li>${s.stage}: ${torontoDay(s.sentAt)}</li>`)}</ul>` : t("ar.noneYet")}</td>
<td>${formatNumber(r.lockedOutUserCount)}</td>
</tr>`,
  )}</tbody>
</table></div>`;
}

// Documented for /api/openapi.json; `within` is checked by the route (its `bad_request` answer is the interface).
const atRiskSchema = {
  summary: "Organizations that go dormant within the window unless their primary user signs in",
  tags: ["people"],
  querystring: obj({ within: { type: "string", enum: AT_RISK_WINDOWS.map(String), description: "days ahead" } }, { optional: ["within"] }),
  response: {
    200: obj({
      within: int,
      asOf: { ...str, description: "a Toronto day, YYYY-MM-DD" },
      count: int,
      organizations: arrayOf(
        obj({
          organization: obj({ ref: str, name: str }),
          primary: obj({ firstName: str, lastName: str, email: str, lastSignInAt: nullable(isoTime) }),
          dormancyDate: str,
          daysLeft: int,
          lockedOutUserCount: int,
          reminders: arrayOf(obj({ stage: str, sentAt: isoTime })),
        }),
      ),
    }),
    ...errorAnswers(400, 401, 403),
  },
};

export function atRiskRoutes(deps: AtRiskDeps) {
  const now = () => deps.now?.() ?? new Date();
  const badWindow = (reply: FastifyReply) =>
    reply.code(400).send({ error: "bad_request", message: `within must be one of ${AT_RISK_WINDOWS.join(", ")} (days)` });
  return async (app: FastifyInstance): Promise<void> => {
    app.get<{ Querystring: { within?: string } }>(
      "/api/at-risk",
      { preHandler: requireStaff("support"), schema: atRiskSchema, ...describeOnly },
      async (req, reply) => {
        const within = windowOf(req.query.within);
        if (!within) return badWindow(reply);
        const at = now();
        return atRiskJson(await listOrganizationsAtRisk(deps.db, at, within), within, at);
      },
    );

    app.get<{ Querystring: { within?: string } }>("/at-risk", { preHandler: requireStaff("support") }, async (req, reply) => {
      const within = windowOf(req.query.within) ?? DEFAULT_WINDOW;
      const rows = await listOrganizationsAtRisk(deps.db, now(), within);
      const body = html`<p>${t("ar.intro")}</p>
<form method="get" action="/at-risk" class="filters">
<div><label for="within">${t("ar.within")}</label>
<select id="within" name="within">${AT_RISK_WINDOWS.map((w) => html`<option value="${w}"${w === within ? html` selected` : ""}>${t("ar.days", { n: w })}</option>`)}</select></div>
<div><button type="submit">${t("ar.show")}</button></div>
</form>
<p class="muted" role="status">${t("ar.summary", { orgs: rows.length, users: rows.reduce((n, r) => n + r.lockedOutUserCount, 0) })}</p>
${table(rows, within)}`;
      return reply
        .type("text/html; charset=utf-8")
        .send(renderPage({ title: t("title.atRisk"), staff: req.staff, csrfToken: req.csrfToken, body, nav: "at-risk" }));
    });
  };
}
