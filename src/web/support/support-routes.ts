// The support dashboard: pages and the JSON API behind the same session (support and admin).
// Every page has its /api/ twin, so scripts can read and act on everything staff see.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { approveRequest } from "../../review/approve-request.js";
import { assignRequest } from "../../review/assign-request.js";
import { correctName } from "../../review/correct-name.js";
import { discardJob, retryJob } from "../../review/failed-jobs.js";
import { closeRequest } from "../../review/close-request.js";
import { isRejectTemplate, previewReject, rejectRequest } from "../../review/reject-request.js";
import { reopenRequest } from "../../review/reopen-request.js";
import { reprocessMessage } from "../../review/reprocess-message.js";
import { revokePin } from "../../review/revoke-pin.js";
import { refusal, refused, type Refusal } from "../../review/refusal.js";
import { requireStaff, isApiRequest } from "../auth/guards.js";
import { renderPage, type NavKey } from "../views/layout.js";
import { html, type SafeHtml } from "../views/html.js";
import { loadFailures } from "./failures-data.js";
import { failuresBody } from "./failures-page.js";
import { loadOverview } from "./overview-data.js";
import { overviewBody, overviewFigures, requestTable } from "./overview-page.js";
import { loadPerson, searchPeople } from "./people-data.js";
import { peopleBody, personBody } from "./people-page.js";
import { listRequests, listReview, listReviewPage, loadRequest, REVIEW_PAGE_SIZE, reviewTotals } from "./request-data.js";
import { requestBody, type RejectDraft } from "./request-page.js";
import { parseRequestFilters, QueryError } from "./request-query.js";
import { requestsBody } from "./requests-page.js";
import { liveAnnouncer, liveRegion } from "./overview-page.js";
import { loadCharts } from "./charts-data.js";
import { chartsSection } from "./charts-section.js";
import { SharedCache } from "./shared-cache.js";
import { staffTimeZone } from "../views/staff-clock.js";
import { reviewBody } from "./review-page.js";
import { clock, type SupportDeps } from "./support-deps.js";
import { t } from "../i18n/catalog.js";
import { reviewErrorWords, type ActionError } from "./review-errors.js";

type Body = Record<string, unknown> | undefined;
const text = (b: Body, k: string) => (b && typeof b[k] === "string" ? (b[k] as string) : "");
function version(b: Body): number | undefined {
  const v = b?.["version"];
  if (typeof v === "number" && Number.isInteger(v)) return v;
  if (typeof v === "string" && /^\d+$/.test(v)) return Number(v);
  return undefined;
}

const REPLY_HTML_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox; frame-ancestors 'self'";

type Result = { kind: string; message?: string; reason?: string; refusal?: Refusal } & Record<string, unknown>;
const STATUS: Record<string, number> = { "not-found": 404, conflict: 409, invalid: 422, "still-unreadable": 422, not_eligible: 409 };

export function supportRoutes(app: FastifyInstance, deps: SupportDeps): void {
  const every = deps.liveEveryMs ?? 3000;
  // Shared by every viewer of this process for a few seconds (issue 20, "At scale").
  const shared = new SharedCache();
  const CHARTS_TTL_MS = 10_000;
  const OVERVIEW_TTL_MS = 2_000;
  const REVIEW_TOTALS_TTL_MS = 3_000;
  const page = (req: FastifyRequest, reply: FastifyReply, title: string, body: SafeHtml, nav?: NavKey, status = 200) =>
    reply
      .code(status)
      .type("text/html; charset=utf-8")
      .send(renderPage({ title, staff: req.staff, csrfToken: req.csrfToken, body, nav }));
  const staffOf = (req: FastifyRequest) => ({ id: req.staff.id, email: req.staff.email });

  /** API: JSON with a status per outcome (the English `message`). Pages: back to `okTo` with a notice, or `onError` re-rendered with the refusal. */
  async function respond(req: FastifyRequest, reply: FastifyReply, r: Result, okTo: string, onError: (error: ActionError, status: number) => Promise<unknown>) {
    const status = STATUS[r.kind] ?? 200;
    if (isApiRequest(req)) {
      if (r.kind === "ok") return reply.send({ ok: true, ...r, kind: undefined });
      return reply.code(status).send({ error: r.kind, message: r.message ?? r.reason ?? (r.kind === "not-found" ? "no such item" : r.kind) });
    }
    if (r.kind === "ok") return reply.code(303).header("location", okTo).send();
    return onError(r.refusal ?? r.message ?? "Not found.", status);
  }

  app.register(async (scope) => {
    scope.addHook("preHandler", requireStaff("support"));

    // Overview
    // Every open overview polls; one computation per OVERVIEW_TTL_MS serves them all (issue 20).
    const overview = () => shared.get("overview", OVERVIEW_TTL_MS, () => loadOverview(deps));
    scope.get("/api/overview", async () => overview());
    scope.get("/", async (req, reply) => {
      const now = clock(deps);
      const [o, latest, charts] = await Promise.all([
        overview(),
        listRequests(deps.db, { limit: 10 }, now),
        shared.get(`charts:${staffTimeZone()}`, CHARTS_TTL_MS, () => loadCharts(deps.db, now, staffTimeZone())),
      ]);
      return page(req, reply, t("title.overview"), overviewBody(o, latest.requests, now, every, chartsSection(charts)), "overview");
    });
    scope.get("/partials/overview", async (_req, reply) => reply.type("text/html; charset=utf-8").send(overviewFigures(await overview()).value));
    scope.get("/partials/latest", async (_req, reply) => {
      const now = clock(deps);
      return reply.type("text/html; charset=utf-8").send(requestTable((await listRequests(deps.db, { limit: 10 }, now)).requests, now).value);
    });

    // Requests
    scope.get("/api/requests", async (req, reply) => {
      try {
        const r = await listRequests(deps.db, parseRequestFilters(req.query as Record<string, unknown>), clock(deps));
        return {
          requests: r.requests.map(({ reference, receivedAt, takenAt, sender, name, state, outcome, dueAt }) => ({
            reference,
            receivedAt,
            takenAt,
            sender,
            name,
            state,
            outcome,
            dueAt,
          })),
          next: r.next,
        };
      } catch (err) {
        if (err instanceof QueryError) return reply.code(400).send({ error: "bad_request", message: err.message });
        throw err;
      }
    });
    scope.get("/requests", async (req, reply) => {
      const now = clock(deps);
      try {
        const f = parseRequestFilters(req.query as Record<string, unknown>);
        const r = await listRequests(deps.db, f, now);
        return page(req, reply, t("title.requests"), requestsBody(f, r.requests, r.next, now, undefined, every), "requests");
      } catch (err) {
        if (err instanceof QueryError) return page(req, reply, t("title.requests"), requestsBody(null, [], null, now, err.message), "requests", 400);
        throw err;
      }
    });
    // The Requests page's live list (issue 20): its first page, with the page's filters.
    scope.get("/partials/requests", async (req, reply) => {
      const now = clock(deps);
      try {
        const f = parseRequestFilters(req.query as Record<string, unknown>);
        return reply
          .type("text/html; charset=utf-8")
          .send(requestTable((await listRequests(deps.db, { ...f, cursor: undefined }, now)).requests, now, { empty: t("rq.noMatch") }).value);
      } catch (err) {
        if (err instanceof QueryError) return reply.code(400).send({ error: "bad_request", message: err.message });
        throw err;
      }
    });
    scope.get<{ Params: { ref: string } }>("/api/requests/:ref", async (req, reply) => {
      const r = await loadRequest(deps.db, req.params.ref);
      return r ?? reply.code(404).send({ error: "not_found", message: `no request ${req.params.ref}` });
    });
    const detailPage = async (
      req: FastifyRequest,
      reply: FastifyReply,
      ref: string,
      o: { notice?: string; error?: ActionError; status?: number } & RejectDraft = {},
    ) => {
      const r = await loadRequest(deps.db, ref, clock(deps));
      if (!r) return page(req, reply, t("title.notFound"), requestsBody(null, [], null, clock(deps), t("rq.noSuch", { ref })), "requests", 404);
      return page(
        req,
        reply,
        t("cs.title", { ref: r.reference }),
        requestBody(r, req.csrfToken, clock(deps), o.notice, o.error, req.staff.role === "admin", { preview: o.preview, draft: o.draft }),
        r.state === "review" ? "review" : "requests",
        o.status,
      );
    };
    scope.get<{ Params: { ref: string }; Querystring: { done?: string } }>("/requests/:ref", async (req, reply) =>
      detailPage(req, reply, req.params.ref, { notice: req.query.done }),
    );
    const raw = async (req: FastifyRequest<{ Params: { ref: string } }>, reply: FastifyReply) => {
      const r = await deps.db.inboundRequest.findUnique({
        where: { reference: req.params.ref },
        select: { reference: true, rawSource: true, rawPurgedAt: true },
      });
      if (!r) return reply.code(404).send({ error: "not_found", message: `no request ${req.params.ref}` });
      // Gone for good, not missing: the retention purge removed it (issue 19).
      if (r.rawPurgedAt)
        return reply
          .code(410)
          .send({ error: "gone", message: `the raw source of ${r.reference} was removed by the retention purge on ${r.rawPurgedAt.toISOString()}` });
      // A download, never rendered: the source is whatever the sender wrote.
      return reply
        .type("application/octet-stream")
        .header("content-disposition", `attachment; filename="${r.reference.replace(/[^A-Za-z0-9-]/g, "")}.eml"`)
        .send(Buffer.from(r.rawSource));
    };
    scope.get("/requests/:ref/raw", raw);
    scope.get("/api/requests/:ref/raw", raw);
    scope.get<{ Params: { ref: string; id: string } }>("/requests/:ref/replies/:id/html", async (req, reply) => {
      const id = Number(req.params.id);
      const o = Number.isInteger(id)
        ? await deps.db.outboundMessage.findFirst({ where: { id, request: { reference: req.params.ref } }, select: { maskedHtml: true } })
        : null;
      if (!o) return reply.code(404).send({ error: "not_found", message: "no such reply" });
      return reply
        .type("text/html; charset=utf-8")
        .header("content-security-policy", REPLY_HTML_CSP)
        .header("x-frame-options", "SAMEORIGIN")
        .send(o.maskedHtml);
    });

    // Review and actions on a case
    scope.get("/api/review", async () => ({ cases: await listReview(deps.db) }));
    // The Review page in pages of 50 (issue 20, "At scale"); its totals shared for a few seconds.
    const reviewPage = async (q: unknown) => {
      const raw = (q as { page?: unknown } | undefined)?.page;
      const n = typeof raw === "string" && /^\d{1,6}$/.test(raw) ? Math.max(1, Number(raw)) : 1;
      const now = clock(deps);
      const [cases, totals] = await Promise.all([
        listReviewPage(deps.db, n),
        shared.get("review-totals", REVIEW_TOTALS_TTL_MS, () => reviewTotals(deps.db, now)),
      ]);
      return { n, body: reviewBody(cases, now, { page: n, pageSize: REVIEW_PAGE_SIZE, ...totals }) };
    };
    scope.get("/review", async (req, reply) => {
      const r = await reviewPage(req.query);
      return page(
        req,
        reply,
        t("title.review"),
        html`${liveRegion(`/partials/review?page=${r.n}`, every, r.body, t("title.review"), true)}${liveAnnouncer()}`,
        "review",
      );
    });
    scope.get("/partials/review", async (req, reply) => reply.type("text/html; charset=utf-8").send((await reviewPage(req.query)).body.value));

    const ACTIONS = {
      approve: {
        done: "approved",
        run: (req: FastifyRequest<{ Params: { ref: string } }>, b: Body) =>
          approveRequest(deps.review, staffOf(req), { reference: req.params.ref, version: version(b) }),
      },
      reject: {
        done: "rejected",
        run: async (req: FastifyRequest<{ Params: { ref: string } }>, b: Body) => {
          const template = text(b, "template") || "rejected";
          if (!isRejectTemplate(template)) return refused("invalid", refusal("not-choosable", { template }));
          return rejectRequest(deps.review, staffOf(req), {
            reference: req.params.ref,
            version: version(b),
            reason: text(b, "reason"),
            message: text(b, "message"),
            template,
          });
        },
      },
      // Issue 20: a case with no usable sender address leaves review without a reply.
      close: {
        done: "closed",
        run: (req: FastifyRequest<{ Params: { ref: string } }>, b: Body) =>
          closeRequest(deps.review, staffOf(req), { reference: req.params.ref, version: version(b), note: text(b, "note") }),
      },
      "correct-name": {
        done: "name-corrected",
        run: (req: FastifyRequest<{ Params: { ref: string } }>, b: Body) =>
          correctName(deps.review, staffOf(req), {
            reference: req.params.ref,
            version: version(b),
            firstName: text(b, "firstName"),
            lastName: text(b, "lastName"),
          }),
      },
      assign: {
        done: "assigned",
        run: (req: FastifyRequest<{ Params: { ref: string } }>, b: Body) =>
          assignRequest(deps.review, staffOf(req), { reference: req.params.ref, version: version(b) }),
      },
      reopen: {
        done: "reopened",
        run: (req: FastifyRequest<{ Params: { ref: string } }>, b: Body) =>
          reopenRequest(deps.review, staffOf(req), { reference: req.params.ref, version: version(b), note: text(b, "note") }),
      },
      reprocess: {
        done: "reprocessed",
        run: (req: FastifyRequest<{ Params: { ref: string } }>) => reprocessMessage(deps.review, staffOf(req), { reference: req.params.ref }),
      },
    } as const;
    type ActionName = keyof typeof ACTIONS;
    const isAction = (a: string): a is ActionName => Object.hasOwn(ACTIONS, a);
    const act = async (req: FastifyRequest<{ Params: { ref: string; action: string } }>, reply: FastifyReply) => {
      const name = req.params.action;
      if (!isAction(name)) return reply.code(404).send({ error: "not_found", message: `no action ${name}` });
      const r = (await ACTIONS[name].run(req, req.body as Body)) as Result;
      const ref = encodeURIComponent(req.params.ref);
      return respond(req, reply, r, `/requests/${ref}?done=${ACTIONS[name].done}`, (message, status) =>
        detailPage(req, reply, req.params.ref, { error: message, status }),
      );
    };
    // The reply a reject would send, rendered exactly as it would go out (issue 20). Registered
    // before the generic action route, so "preview-reply" is never taken for an action name.
    const previewOf = (req: FastifyRequest<{ Params: { ref: string } }>) => {
      const b = req.body as Body;
      const template = text(b, "template") || "rejected";
      if (!isRejectTemplate(template)) return Promise.resolve(refused("invalid", refusal("not-choosable", { template })));
      return previewReject(deps.review, { reference: req.params.ref, template, message: text(b, "message") });
    };
    scope.post<{ Params: { ref: string } }>("/api/requests/:ref/preview-reply", async (req, reply) => {
      const r = await previewOf(req);
      if (r.kind === "ok") return r.preview;
      return reply.code(STATUS[r.kind] ?? 422).send({ error: r.kind, message: "message" in r ? r.message : "no such item" });
    });
    scope.post<{ Params: { ref: string } }>("/requests/:ref/preview-reply", async (req, reply) => {
      const r = await previewOf(req);
      const b = req.body as Body;
      const draft = { reason: text(b, "reason"), message: text(b, "message"), template: text(b, "template") || "rejected" };
      if (r.kind !== "ok")
        return detailPage(req, reply, req.params.ref, {
          error: "message" in r ? (r.refusal ?? r.message) : "Not found.",
          status: STATUS[r.kind] ?? 422,
          draft,
        });
      return detailPage(req, reply, req.params.ref, { preview: r.preview, draft });
    });
    scope.post("/requests/:ref/:action", act);
    scope.post("/api/requests/:ref/:action", act);

    // People
    scope.get<{ Querystring: { q?: string } }>("/api/people", async (req) => ({
      people: await searchPeople(deps.db, typeof req.query.q === "string" ? req.query.q : undefined),
    }));
    scope.get<{ Querystring: { q?: string } }>("/people", async (req, reply) => {
      const q = typeof req.query.q === "string" ? req.query.q.slice(0, 200) : undefined;
      return page(req, reply, t("title.people"), peopleBody(q, await searchPeople(deps.db, q)), "people");
    });
    const personOf = (id: string) => (/^\d{1,9}$/.test(id) ? loadPerson(deps.db, Number(id), clock(deps)) : Promise.resolve(null));
    scope.get<{ Params: { id: string } }>(
      "/api/people/:id",
      async (req, reply) => (await personOf(req.params.id)) ?? reply.code(404).send({ error: "not_found", message: "no such person" }),
    );
    const personPage = async (
      req: FastifyRequest<{ Params: { id: string } }>,
      reply: FastifyReply,
      o: { notice?: string; error?: ActionError; status?: number } = {},
    ) => {
      const p = await personOf(req.params.id);
      if (!p) return page(req, reply, t("title.notFound"), peopleBody(undefined, []), "people", 404);
      return page(
        req,
        reply,
        `${p.firstName} ${p.lastName}`,
        personBody(p, req.csrfToken, clock(deps), o.notice, o.error, req.staff.role === "admin"),
        "people",
        o.status,
      );
    };
    scope.get<{ Params: { id: string }; Querystring: { done?: string } }>("/people/:id", async (req, reply) =>
      personPage(req, reply, { notice: req.query.done }),
    );
    const revoke = async (req: FastifyRequest<{ Params: { id: string; pinId: string } }>, reply: FastifyReply) => {
      const pinId = Number(req.params.pinId);
      const r: Result =
        Number.isInteger(pinId) && pinId > 0
          ? await revokePin(deps.review, staffOf(req), { pinId, reason: text(req.body as Body, "reason") })
          : { kind: "not-found" };
      return respond(req, reply, r, `/people/${encodeURIComponent(req.params.id)}?done=revoked`, (message, status) =>
        personPage(req, reply, { error: message, status }),
      );
    };
    scope.post("/people/:id/pins/:pinId/revoke", revoke);
    scope.post<{ Params: { pinId: string; id: string } }>("/api/pins/:pinId/revoke", (req, reply) => revoke(req, reply));

    // Failures
    scope.get("/api/failures", async () => loadFailures(deps));
    const failuresPage = async (req: FastifyRequest, reply: FastifyReply, o: { notice?: string; error?: string; status?: number } = {}) =>
      page(req, reply, t("title.failures"), failuresBody(await loadFailures(deps), req.csrfToken, o.notice, o.error), "failures", o.status);
    scope.get<{ Querystring: { done?: string } }>("/failures", async (req, reply) => failuresPage(req, reply, { notice: req.query.done }));
    const jobAction = async (req: FastifyRequest<{ Params: { queue: string; id: string; action: string } }>, reply: FastifyReply) => {
      const { queue, id, action } = req.params;
      if (action !== "retry" && action !== "discard") return reply.code(404).send({ error: "not_found", message: `no action ${action}` });
      const r = await (action === "retry" ? retryJob : discardJob)(deps.review, staffOf(req), { queue, id });
      return respond(req, reply, r, `/failures?done=${action === "retry" ? "retried" : "discarded"}`, (message, status) =>
        failuresPage(req, reply, { error: message === "Not found." ? t("fl.jobGone") : reviewErrorWords(message), status }),
      );
    };
    scope.post("/failures/jobs/:queue/:id/:action", jobAction);
    scope.post("/api/jobs/:queue/:id/:action", jobAction);
  });
}
