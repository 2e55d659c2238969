// The Overview: GET /api/overview, the page, and its two live parts.
import type { FastifyInstance } from "fastify";
import { errorAnswers } from "../api/schema-kit.js";
import { t } from "../i18n/catalog.js";
import { staffTimeZone } from "../views/staff-clock.js";
import { overview as overviewShape } from "./api-shapes.js";
import { loadCharts } from "./charts-data.js";
import { chartsSection } from "./charts-section.js";
import { loadOverview } from "./overview-data.js";
import { overviewBody, overviewFigures, requestTable } from "./overview-page.js";
import { listRequests } from "./request-data.js";
import { sendPage, TTL_MS, type SupportKit } from "./route-kit.js";
import { clock } from "./support-deps.js";

const HTML = "text/html; charset=utf-8";

export function overviewRoutes(scope: FastifyInstance, kit: SupportKit): void {
  const { deps, shared } = kit;
  // Every open overview polls; one computation per TTL serves them all (issue 20).
  const overview = () => shared.get("overview", TTL_MS.overview, () => loadOverview(deps));
  const latest = () => {
    const now = clock(deps);
    return listRequests(deps.db, { limit: 10 }, now).then((r) => ({ rows: r.requests, now }));
  };

  scope.get(
    "/api/overview",
    {
      schema: {
        summary: "The overview's figures: requests today and this week, queues, worker, mailbox, review backlog, failures, organizations at risk",
        tags: ["overview"],
        response: { 200: overviewShape, ...errorAnswers(401, 403) },
      },
    },
    async () => overview(),
  );
  scope.get("/", async (req, reply) => {
    const now = clock(deps);
    const [o, l, charts] = await Promise.all([
      overview(),
      latest(),
      shared.get(`charts:${staffTimeZone()}`, TTL_MS.charts, () => loadCharts(deps.db, now, staffTimeZone())),
    ]);
    return sendPage(req, reply, t("title.overview"), overviewBody(o, l.rows, now, kit.every, chartsSection(charts)), "overview");
  });
  scope.get("/partials/overview", async (_req, reply) => reply.type(HTML).send(overviewFigures(await overview()).value));
  scope.get("/partials/latest", async (_req, reply) => {
    const l = await latest();
    return reply.type(HTML).send(requestTable(l.rows, l.now).value);
  });
}
