// GET /api/alerts and the /alerts page (staff session: support and admin), and the banner that
// every dashboard page carries while an alert is open. The banner is added to each HTML answer of
// a signed-in page as it is sent, so no page has to load the alerts itself; the open alerts are
// read at most every few seconds.
import type { FastifyInstance } from "fastify";
import { listAlerts, openAlertNames } from "../../alerts/alert-store.js";
import type { AlertName } from "../../alerts/alert-names.js";
import type { Db } from "../../store/prisma.js";
import { requireStaff } from "../auth/guards.js";
import { arrayOf, describeOnly, errorAnswers, int, isoTime, nullable, obj, str } from "../api/schema-kit.js";
import { renderPage } from "../views/layout.js";
import { alertBanner, alertsBody } from "./alerts-page.js";
import { t } from "../i18n/catalog.js";

export interface AlertsWebDeps {
  db: Db;
  now?: () => Date;
  /** Where alerts are sent, in words, for the page ("support@example.org and the webhook"). */
  channels?: string;
  /** How long the banner's view of open alerts is reused (default 5 s). */
  bannerCacheMs?: number;
}

const MAIN = '<main id="main" tabindex="-1">';

const alertView = obj({
  id: int,
  alert: str,
  state: { type: "string", enum: ["open", "cleared"] },
  text: str,
  since: isoTime,
  until: nullable(isoTime),
  clearedText: nullable(str),
  sent: arrayOf(obj({ channel: str, state: str, status: str, attempts: int, sentAt: nullable(isoTime), lastError: nullable(str) })),
});
const alertsSchema = {
  summary: "Alerts open now and those cleared in the last 14 days, with where each was sent",
  tags: ["alerts"],
  response: { 200: obj({ open: arrayOf(alertView), recent: arrayOf(alertView) }), ...errorAnswers(401, 403) },
};

export function alertsRoutes(app: FastifyInstance, deps: AlertsWebDeps): void {
  const now = () => (deps.now ?? (() => new Date()))();
  let cached: { at: number; open: AlertName[] } | null = null;
  const openNow = async (): Promise<AlertName[]> => {
    const ttl = deps.bannerCacheMs ?? 5000;
    if (cached && Date.now() - cached.at < ttl) return cached.open;
    try {
      cached = { at: Date.now(), open: await openAlertNames(deps.db) };
    } catch {
      // PostgreSQL down: the page itself says so; keep the last known banner.
      cached = { at: Date.now(), open: cached?.open ?? [] };
    }
    return cached.open;
  };

  app.addHook("onSend", async (req, reply, payload) => {
    if (!req.staff || typeof payload !== "string" || !String(reply.getHeader("content-type") ?? "").startsWith("text/html")) return payload;
    const at = payload.indexOf(MAIN);
    if (at < 0) return payload;
    const banner = alertBanner(await openNow());
    return banner ? `${payload.slice(0, at + MAIN.length)}\n${banner}${payload.slice(at + MAIN.length)}` : payload;
  });

  app.register(async (scope) => {
    scope.addHook("preHandler", requireStaff("support"));
    scope.get("/api/alerts", { schema: alertsSchema, ...describeOnly }, async () => {
      const { open, recent } = await listAlerts(deps.db, now());
      return { open, recent };
    });
    scope.get("/alerts", async (req, reply) => {
      const { open, recent } = await listAlerts(deps.db, now());
      cached = { at: Date.now(), open: open.map((a) => a.alert) };
      const body = alertsBody(open, recent, now(), deps.channels ?? "staff");
      return reply
        .type("text/html; charset=utf-8")
        .send(renderPage({ title: t("title.alerts"), staff: req.staff, csrfToken: req.csrfToken, body, nav: "alerts" }));
    });
  });
}
