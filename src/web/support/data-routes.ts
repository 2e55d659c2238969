// Admin routes for a person's data and retention (issue 19): legal holds on a person or a request
// (API and the forms of the People and case pages), a person's archive and erasure, and the Data
// page. Admins only.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { erasePerson } from "../../retention/erase-person.js";
import { liftHold, listHolds, placeHold, type HoldResult, type HoldTarget } from "../../retention/holds.js";
import { exportPerson } from "../../retention/person-data.js";
import { requireStaff, isApiRequest } from "../auth/guards.js";
import { html, renderPage } from "../views/layout.js";
import { t } from "../i18n/catalog.js";
import { countsOf } from "../../core/retention-plan.js";
import { nextRetentionRun, RETENTION_CRON, RETENTION_TIME_ZONE } from "../../queue/retention-schedule.js";
import { lastRetentionRun, previewRetention } from "../../retention/run-retention.js";
import { dataBody, type DataPageView } from "./data-page.js";
import { clock, type SupportDeps } from "./support-deps.js";

type Body = Record<string, unknown> | undefined;
const text = (b: Body, k: string) => (b && typeof b[k] === "string" ? (b[k] as string) : "");
const NO_SUCH_PERSON = "no such person";
const STATUS: Record<HoldResult["kind"], number> = { ok: 200, invalid: 422, "not-found": 404, conflict: 409 };

export function dataRoutes(app: FastifyInstance, deps: SupportDeps): void {
  app.register(async (scope) => {
    scope.addHook("preHandler", requireStaff("admin"));

    const personEmail = async (id: string) =>
      /^\d{1,9}$/.test(id) ? ((await deps.db.portalUser.findUnique({ where: { id: Number(id) }, select: { email: true } }))?.email ?? null) : null;

    /** JSON for the API; for a page form, back to the page with a notice, or a page saying what was wrong. */
    const answer = (req: FastifyRequest, reply: FastifyReply, r: HoldResult, back: string, done: string) => {
      if (isApiRequest(req))
        return r.kind === "ok" ? reply.send({ ok: true, hold: r.hold }) : reply.code(STATUS[r.kind]).send({ error: r.kind, message: r.message });
      if (r.kind === "ok") return reply.code(303).header("location", `${back}?done=${done}`).send();
      return reply
        .code(STATUS[r.kind])
        .type("text/html; charset=utf-8")
        .send(
          renderPage({
            title: t("pd.holdNotChanged"),
            staff: req.staff,
            csrfToken: req.csrfToken,
            body: html`<p class="error" role="alert">${r.kind === "not-found" && r.message === NO_SUCH_PERSON ? t("pd.noSuchPerson") : r.message}</p><p><a href="${back}">${t("pd.back")}</a></p>`,
            nav: back.startsWith("/people") ? "people" : "requests",
          }),
        );
    };

    const hold =
      (
        target: (req: FastifyRequest<{ Params: Record<string, string> }>) => Promise<HoldTarget | null>,
        back: (p: Record<string, string>) => string,
        lift: boolean,
      ) =>
      async (req: FastifyRequest<{ Params: Record<string, string> }>, reply: FastifyReply) => {
        const t = await target(req);
        const r: HoldResult = !t
          ? { kind: "not-found", message: NO_SUCH_PERSON }
          : lift
            ? await liftHold(deps.db, req.staff.email, t)
            : await placeHold(deps.db, req.staff.email, t, text(req.body as Body, "reason"));
        return answer(req, reply, r, back(req.params), lift ? "unheld" : "held");
      };
    const person = async (req: FastifyRequest<{ Params: Record<string, string> }>) => {
      const email = await personEmail(req.params["id"] ?? "");
      return email ? { email } : null;
    };
    const request = async (req: FastifyRequest<{ Params: Record<string, string> }>) => ({ reference: req.params["ref"] ?? "" });
    const personPage = (p: Record<string, string>) => `/people/${encodeURIComponent(p["id"] ?? "")}`;
    const requestPage = (p: Record<string, string>) => `/requests/${encodeURIComponent(p["ref"] ?? "")}`;

    scope.post("/api/people/:id/hold", hold(person, personPage, false));
    scope.delete("/api/people/:id/hold", hold(person, personPage, true));
    scope.post("/people/:id/hold", hold(person, personPage, false));
    scope.post("/people/:id/unhold", hold(person, personPage, true));
    scope.post("/api/requests/:ref/hold", hold(request, requestPage, false));
    scope.delete("/api/requests/:ref/hold", hold(request, requestPage, true));
    scope.post("/requests/:ref/hold", hold(request, requestPage, false));
    scope.post("/requests/:ref/unhold", hold(request, requestPage, true));

    // A person's data: the archive, and erasure at their request (the address typed to confirm).
    const exportZip = async (req: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) => {
      const email = await personEmail(req.params.id);
      const r = email ? await exportPerson(deps.db, req.staff.email, email) : ({ kind: "not-found" } as const);
      if (r.kind !== "ok") return reply.code(404).send({ error: "not_found", message: "pinmail holds nothing about this person" });
      return reply
        .type("application/zip")
        .header("content-disposition", `attachment; filename="person-${Number(req.params.id)}.zip"`)
        .header("cache-control", "no-store")
        .send(r.archive);
    };
    scope.post("/people/:id/export", exportZip);
    scope.post("/api/people/:id/export", exportZip);
    const erase = async (req: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) => {
      const email = await personEmail(req.params.id);
      const b = req.body as Body;
      const back = `/people/${encodeURIComponent(req.params.id)}`;
      // `words`: the page's wording of the same answer (JSON stays English, issue 20).
      const fail = (status: number, error: string, message: string, words = message) =>
        isApiRequest(req)
          ? reply.code(status).send({ error, message })
          : reply
              .code(status)
              .type("text/html; charset=utf-8")
              .send(
                renderPage({
                  title: t("pd.nothingErased"),
                  staff: req.staff,
                  csrfToken: req.csrfToken,
                  body: html`<p class="error" role="alert">${words}</p><p><a href="${back}">${t("pd.back")}</a></p>`,
                  nav: "people",
                }),
              );
      if (!email) return fail(404, "not_found", NO_SUCH_PERSON, t("pd.noSuchPerson"));
      if (text(b, "confirm").trim().toLowerCase() !== email)
        return fail(422, "invalid", "confirm: type the person's address exactly to confirm the erasure", t("pd.confirmMismatch"));
      // The mailbox's copies go too when this process can reach the mailbox (the CLI always tries).
      const r = await erasePerson(deps.db, req.staff.email, email, text(b, "reason"), deps.retention?.mailbox ?? null);
      if (r.kind === "invalid") return fail(422, "invalid", r.message);
      if (r.kind === "not-found") return fail(404, "not-found", "pinmail holds no history about this person", t("pd.noHistory"));
      if (r.kind === "held") return fail(409, "held", `This person is ${r.message}.`);
      if (isApiRequest(req)) return reply.send({ ok: true, removed: r.removed, keptUnderHold: r.keptUnderHold, mailbox: r.mailbox });
      return reply.code(303).header("location", `${back}?done=erased`).send();
    };
    scope.post("/people/:id/erase", erase);
    scope.post("/api/people/:id/erase", erase);

    // The Data page and its JSON twin.
    const loadData = async (): Promise<DataPageView | null> => {
      const r = deps.retention;
      if (!r) return null;
      const nextRunAt = nextRetentionRun(clock(deps));
      const [lastRun, holds] = await Promise.all([lastRetentionRun(deps.db), listHolds(deps.db)]);
      let nextRun: DataPageView["nextRun"];
      try {
        const plan = await previewRetention(r, nextRunAt);
        nextRun = {
          counts: countsOf(plan),
          mailboxNote: plan.mailboxError
            ? `the mailbox could not be read: ${plan.mailboxError}`
            : r.mailbox
              ? null
              : "checked by the worker when the purge runs",
        };
      } catch (err) {
        nextRun = { error: (err as Error).message };
      }
      return {
        settings: r.settings,
        schedule: { cron: RETENTION_CRON, timeZone: RETENTION_TIME_ZONE, nextRunAt: nextRunAt.toISOString() },
        lastRun: lastRun ? { ranAt: lastRun.ranAt.toISOString(), actor: lastRun.actor, counts: lastRun.counts, mailboxError: lastRun.mailboxError } : null,
        holds,
        nextRun,
      };
    };
    scope.get(
      "/api/data",
      async (_req, reply) => (await loadData()) ?? reply.code(503).send({ error: "unavailable", message: "retention is not configured in this process" }),
    );
    scope.get("/data", async (req, reply) => {
      const v = await loadData();
      const body = v ? dataBody(v) : html`<p role="alert">${t("dt.notConfigured")}</p>`;
      return reply
        .code(v ? 200 : 503)
        .type("text/html; charset=utf-8")
        .send(renderPage({ title: t("title.data"), staff: req.staff, csrfToken: req.csrfToken, body, nav: "data" }));
    });
  });
}
