// Admin routes for a person's data and retention (issue 19): legal holds on a person or a request
// (API and the forms of the People and case pages), a person's archive and erasure, and the Data
// page. Admins only; the JSON routes each declare their schema (issue 14.5).
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { countsOf } from "../../core/retention-plan.js";
import { nextRetentionRun, RETENTION_CRON, RETENTION_TIME_ZONE } from "../../queue/retention-schedule.js";
import { erasePerson } from "../../retention/erase-person.js";
import { liftHold, listHolds, placeHold, type HoldResult, type HoldTarget } from "../../retention/holds.js";
import { exportPerson } from "../../retention/person-data.js";
import { lastRetentionRun, previewRetention } from "../../retention/run-retention.js";
import { arrayOf, bool, errorAnswers, int, isoTime, nullable, obj, str } from "../api/schema-kit.js";
import { guardScope, isApiRequest } from "../auth/guards.js";
import { t } from "../i18n/catalog.js";
import { html, renderPage, type SafeHtml } from "../views/layout.js";
import { refParams } from "./requests-routes.js";
import { dataBody, type DataPageView } from "./data-page.js";
import { clock, type SupportDeps } from "./support-deps.js";

const NO_SUCH_PERSON = "no such person";
const STATUS: Record<HoldResult["kind"], number> = { ok: 200, invalid: 422, "not-found": 404, conflict: 409 };

const nStr = nullable(str);
const idParams = obj({ id: { ...str, description: "the person's id" } });
const holdView = obj({
  target: { type: "string", enum: ["person", "request"] },
  email: nStr,
  reference: nStr,
  reason: str,
  placedBy: str,
  placedAt: isoTime,
});
const holdBody = { type: ["object", "null"], properties: { reason: { ...str, description: "why the data must be kept (required)" } } } as const;
const eraseBody = {
  type: ["object", "null"],
  properties: { confirm: { ...str, description: "the person's address, typed to confirm" }, reason: { ...str, description: "why, for the record" } },
} as const;
const counts = obj({ at: isoTime, rawMail: int, records: int, mailbox: nullable(int), held: int }, { open: true });
const dataView = obj({
  settings: obj({ rawMailDays: int, recordDays: int, mailboxDays: int }, { open: true }),
  schedule: obj({ cron: str, timeZone: str, nextRunAt: isoTime }),
  lastRun: nullable(obj({ ranAt: isoTime, actor: str, counts, mailboxError: nStr })),
  holds: arrayOf(holdView),
  nextRun: obj({ counts, mailboxNote: nStr, error: str }, { optional: ["counts", "mailboxNote", "error"] }),
});

type Params = Record<string, string>;
type Req = FastifyRequest<{ Params: Params; Body: { reason?: string; confirm?: string } | null }>;

/** A page saying what was not done, with the way back. */
const refusal = (words: string, back: string): SafeHtml => html`<p class="error" role="alert">${words}</p><p><a href="${back}">${t("pd.back")}</a></p>`;

export function dataRoutes(app: FastifyInstance, deps: SupportDeps): void {
  app.register(async (scope) => {
    guardScope(scope, "admin");

    const personEmail = async (id: string) =>
      /^\d{1,9}$/.test(id) ? ((await deps.db.portalUser.findUnique({ where: { id: Number(id) }, select: { email: true } }))?.email ?? null) : null;
    const refusedPage = (req: FastifyRequest, reply: FastifyReply, status: number, title: string, body: SafeHtml, nav: "people" | "requests") =>
      reply
        .code(status)
        .type("text/html; charset=utf-8")
        .send(renderPage({ title, staff: req.staff, csrfToken: req.csrfToken, body, nav }));

    /** JSON for the API; for a page form, back to the page with a notice, or a page saying what was wrong. */
    const answer = (req: FastifyRequest, reply: FastifyReply, r: HoldResult, back: string, done: string) => {
      if (isApiRequest(req))
        return r.kind === "ok" ? reply.send({ ok: true, hold: r.hold }) : reply.code(STATUS[r.kind]).send({ error: r.kind, message: r.message });
      if (r.kind === "ok") return reply.code(303).header("location", `${back}?done=${done}`).send();
      const words = r.kind === "not-found" && r.message === NO_SUCH_PERSON ? t("pd.noSuchPerson") : r.message;
      return refusedPage(req, reply, STATUS[r.kind], t("pd.holdNotChanged"), refusal(words, back), back.startsWith("/people") ? "people" : "requests");
    };

    const hold = (target: (req: Req) => Promise<HoldTarget | null>, back: (p: Params) => string, lift: boolean) => async (req: Req, reply: FastifyReply) => {
      const to = await target(req);
      const r: HoldResult = !to
        ? { kind: "not-found", message: NO_SUCH_PERSON }
        : lift
          ? await liftHold(deps.db, req.staff.email, to)
          : await placeHold(deps.db, req.staff.email, to, req.body?.reason ?? "");
      return answer(req, reply, r, back(req.params), lift ? "unheld" : "held");
    };
    const person = async (req: Req) => {
      const email = await personEmail(req.params["id"] ?? "");
      return email ? { email } : null;
    };
    const request = async (req: Req) => ({ reference: req.params["ref"] ?? "" });
    const personPage = (p: Params) => `/people/${encodeURIComponent(p["id"] ?? "")}`;
    const requestPage = (p: Params) => `/requests/${encodeURIComponent(p["ref"] ?? "")}`;

    const holdAnswer = { 200: obj({ ok: bool, hold: holdView }), ...errorAnswers(400, 401, 403, 404, 409, 422) };
    const api = (summary: string, params: object, body?: object) => ({
      schema: { summary, tags: ["data"], params, ...(body ? { body } : {}), response: holdAnswer },
    });
    scope.post(
      "/api/people/:id/hold",
      api("Place a legal hold on a person's address: nothing about them is purged", idParams, holdBody),
      hold(person, personPage, false),
    );
    scope.delete("/api/people/:id/hold", api("Lift the legal hold on a person's address", idParams), hold(person, personPage, true));
    scope.post("/people/:id/hold", { schema: { params: idParams, body: holdBody } }, hold(person, personPage, false));
    scope.post("/people/:id/unhold", { schema: { params: idParams } }, hold(person, personPage, true));
    scope.post("/api/requests/:ref/hold", api("Place a legal hold on one request", refParams, holdBody), hold(request, requestPage, false));
    scope.delete("/api/requests/:ref/hold", api("Lift the legal hold on one request", refParams), hold(request, requestPage, true));
    scope.post("/requests/:ref/hold", { schema: { params: refParams, body: holdBody } }, hold(request, requestPage, false));
    scope.post("/requests/:ref/unhold", { schema: { params: refParams } }, hold(request, requestPage, true));

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
    const zip = { description: "the archive", content: { "application/zip": { schema: { type: "string", format: "binary" } } } };
    scope.post("/people/:id/export", { schema: { params: idParams } }, exportZip);
    scope.post(
      "/api/people/:id/export",
      {
        schema: {
          summary: "Everything pinmail holds about a person, as a zip archive (audited)",
          tags: ["data"],
          params: idParams,
          response: { 200: zip, ...errorAnswers(401, 403, 404) },
        },
      },
      exportZip,
    );
    const erase = async (req: FastifyRequest<{ Params: { id: string }; Body: { confirm?: string; reason?: string } | null }>, reply: FastifyReply) => {
      const email = await personEmail(req.params.id);
      const back = `/people/${encodeURIComponent(req.params.id)}`;
      // `words`: the page's wording of the same answer (JSON stays English, issue 20).
      const fail = (status: number, error: string, message: string, words = message) =>
        isApiRequest(req)
          ? reply.code(status).send({ error, message })
          : refusedPage(req, reply, status, t("pd.nothingErased"), refusal(words, back), "people");
      if (!email) return fail(404, "not_found", NO_SUCH_PERSON, t("pd.noSuchPerson"));
      if ((req.body?.confirm ?? "").trim().toLowerCase() !== email)
        return fail(422, "invalid", "confirm: type the person's address exactly to confirm the erasure", t("pd.confirmMismatch"));
      // The mailbox's copies go too when this process can reach the mailbox (the CLI always tries).
      const r = await erasePerson(deps.db, req.staff.email, email, req.body?.reason ?? "", deps.retention?.mailbox ?? null);
      if (r.kind === "invalid") return fail(422, "invalid", r.message);
      if (r.kind === "not-found") return fail(404, "not-found", "pinmail holds no history about this person", t("pd.noHistory"));
      if (r.kind === "held") return fail(409, "held", `This person is ${r.message}.`);
      if (isApiRequest(req)) return reply.send({ ok: true, removed: r.removed, keptUnderHold: r.keptUnderHold, mailbox: r.mailbox });
      return reply.code(303).header("location", `${back}?done=erased`).send();
    };
    const erased = obj({ ok: bool, removed: obj({}, { open: true }), keptUnderHold: int, mailbox: nullable(int) });
    scope.post("/people/:id/erase", { schema: { params: idParams, body: eraseBody } }, erase);
    scope.post(
      "/api/people/:id/erase",
      {
        schema: {
          summary: "Erase a person's history at their request (not while on hold); `mailbox`: messages deleted there, null when not reached",
          tags: ["data"],
          params: idParams,
          body: eraseBody,
          response: { 200: erased, ...errorAnswers(400, 401, 403, 404, 409, 422) },
        },
      },
      erase,
    );

    // The Data page and its JSON twin.
    const loadData = async (): Promise<DataPageView | null> => {
      const r = deps.retention;
      if (!r) return null;
      const nextRunAt = nextRetentionRun(clock(deps));
      const [lastRun, holds] = await Promise.all([lastRetentionRun(deps.db), listHolds(deps.db)]);
      let nextRun: DataPageView["nextRun"];
      try {
        const plan = await previewRetention(r, nextRunAt);
        const mailboxNote = plan.mailboxError
          ? `the mailbox could not be read: ${plan.mailboxError}`
          : r.mailbox
            ? null
            : "checked by the worker when the purge runs";
        nextRun = { counts: countsOf(plan), mailboxNote };
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
      {
        schema: {
          summary: "Retention: the settings in force, the schedule, the last purge, the legal holds and what the next purge would remove",
          tags: ["data"],
          response: { 200: dataView, ...errorAnswers(401, 403, 503) },
        },
      },
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
