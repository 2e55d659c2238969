// Requests: the list and one request (API and pages), the Requests page's live list, the raw
// source and a reply's HTML as it was sent (masked).
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { OUTCOMES, STATES } from "../../verify/decide.js";
import { arrayOf, errorAnswers, nullable, obj, str } from "../api/schema-kit.js";
import { t } from "../i18n/catalog.js";
import { requestDetail, requestRow } from "./api-shapes.js";
import { listRequests, loadRequest } from "./request-data.js";
import { requestBody, type RejectDraft } from "./request-page.js";
import { parseRequestFilters, QueryError } from "./request-query.js";
import { requestTable } from "./overview-page.js";
import { requestsBody } from "./requests-page.js";
import { sendPage, type Notice, type SupportKit } from "./route-kit.js";
import { clock } from "./support-deps.js";

const HTML = "text/html; charset=utf-8";
const REPLY_HTML_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox; frame-ancestors 'self'";

export const refParams = obj({ ref: { ...str, description: "the request's reference, e.g. PM-20261126-7K4Q" } });
type RefParams = { Params: { ref: string } };

const listQuery = {
  type: "object",
  properties: {
    q: { ...str, maxLength: 200, description: "words in the reference, sender, subject, names or the person's record" },
    state: { type: "string", enum: [...STATES, ""] },
    outcome: { type: "string", enum: [...OUTCOMES, ""] },
    from: { ...str, description: "received from: a Toronto day (2026-11-26) or an ISO 8601 instant" },
    to: { ...str, description: "received up to: a Toronto day (that whole day) or an ISO 8601 instant" },
    overdue: { type: "boolean", description: "only cases in review past their due time" },
    cursor: { type: "integer", minimum: 1, description: "the `next` of the previous page" },
    limit: { type: "integer", minimum: 1, maximum: 200, description: "50 by default" },
  },
} as const;

/** The case page, with a notice, an error or a reject's draft and preview. Shared with the review actions. */
export async function detailPage(kit: SupportKit, req: FastifyRequest, reply: FastifyReply, ref: string, o: Notice & RejectDraft = {}) {
  const now = clock(kit.deps);
  const r = await loadRequest(kit.deps.db, ref, now);
  if (!r) return sendPage(req, reply, t("title.notFound"), requestsBody(null, [], null, now, t("rq.noSuch", { ref })), "requests", 404);
  const isAdmin = req.staff.role === "admin";
  const body = requestBody(r, req.csrfToken, now, o.notice, o.error, isAdmin, { preview: o.preview, draft: o.draft });
  return sendPage(req, reply, t("cs.title", { ref: r.reference }), body, r.state === "review" ? "review" : "requests", o.status);
}

export function requestsRoutes(scope: FastifyInstance, kit: SupportKit): void {
  const { deps } = kit;

  scope.get(
    "/api/requests",
    {
      schema: {
        summary: "Requests, newest first, filtered; `next` is the cursor of the following page (null on the last)",
        tags: ["requests"],
        querystring: listQuery,
        response: { 200: obj({ requests: arrayOf(requestRow), next: nullable(str) }), ...errorAnswers(400, 401, 403) },
      },
    },
    async (req, reply) => {
      try {
        const r = await listRequests(deps.db, parseRequestFilters(req.query as Record<string, unknown>), clock(deps));
        // The rows carry more for the pages; the schema writes the API's eight fields.
        return { requests: r.requests, next: r.next };
      } catch (err) {
        if (err instanceof QueryError) return reply.code(400).send({ error: "invalid_request", message: err.message });
        throw err;
      }
    },
  );
  scope.get("/requests", async (req, reply) => {
    const now = clock(deps);
    try {
      const f = parseRequestFilters(req.query as Record<string, unknown>);
      const r = await listRequests(deps.db, f, now);
      return sendPage(req, reply, t("title.requests"), requestsBody(f, r.requests, r.next, now, undefined, kit.every), "requests");
    } catch (err) {
      if (!(err instanceof QueryError)) throw err;
      return sendPage(req, reply, t("title.requests"), requestsBody(null, [], null, now, err.message), "requests", 400);
    }
  });
  // The Requests page's live list (issue 20): its first page, with the page's filters.
  scope.get("/partials/requests", async (req, reply) => {
    const now = clock(deps);
    try {
      const f = parseRequestFilters(req.query as Record<string, unknown>);
      const rows = (await listRequests(deps.db, { ...f, cursor: undefined }, now)).requests;
      return reply.type(HTML).send(requestTable(rows, now, { empty: t("rq.noMatch") }).value);
    } catch (err) {
      if (err instanceof QueryError) return reply.code(400).send({ error: "bad_request", message: err.message });
      throw err;
    }
  });

  scope.get<RefParams>(
    "/api/requests/:ref",
    {
      schema: {
        summary: "One request: what was received and read, the decision, the person, the PIN's dates (never the PIN), replies and events",
        tags: ["requests"],
        params: refParams,
        response: { 200: requestDetail, ...errorAnswers(401, 403, 404) },
      },
    },
    async (req, reply) => {
      const r = await loadRequest(deps.db, req.params.ref);
      return r ?? reply.code(404).send({ error: "not_found", message: `no request ${req.params.ref}` });
    },
  );
  scope.get<RefParams & { Querystring: { done?: string } }>("/requests/:ref", { schema: { params: refParams } }, async (req, reply) =>
    detailPage(kit, req, reply, req.params.ref, { notice: req.query.done }),
  );

  const raw = async (req: FastifyRequest<RefParams>, reply: FastifyReply) => {
    const r = await deps.db.inboundRequest.findUnique({
      where: { reference: req.params.ref },
      select: { reference: true, rawSource: true, rawPurgedAt: true },
    });
    if (!r) return reply.code(404).send({ error: "not_found", message: `no request ${req.params.ref}` });
    // Gone for good, not missing: the retention purge removed it (issue 19).
    if (r.rawPurgedAt) {
      const message = `the raw source of ${r.reference} was removed by the retention purge on ${r.rawPurgedAt.toISOString()}`;
      return reply.code(410).send({ error: "gone", message });
    }
    // A download, never rendered: the source is whatever the sender wrote.
    return reply
      .type("application/octet-stream")
      .header("content-disposition", `attachment; filename="${r.reference.replace(/[^A-Za-z0-9-]/g, "")}.eml"`)
      .send(Buffer.from(r.rawSource));
  };
  const rawSchema = {
    summary: "The message as received (.eml), unless the retention purge removed it (410)",
    tags: ["requests"],
    params: refParams,
    response: {
      200: { description: "the raw message", content: { "application/octet-stream": { schema: { type: "string", format: "binary" } } } },
      ...errorAnswers(401, 403, 404, 410),
    },
  };
  scope.get("/requests/:ref/raw", { schema: rawSchema }, raw);
  scope.get("/api/requests/:ref/raw", { schema: rawSchema }, raw);

  const replyParams = obj({ ref: str, id: { ...str, description: "the reply's id" } });
  scope.get<{ Params: { ref: string; id: string } }>("/requests/:ref/replies/:id/html", { schema: { params: replyParams } }, async (req, reply) => {
    const id = Number(req.params.id);
    const where = { id, request: { reference: req.params.ref } };
    const o = Number.isInteger(id) ? await deps.db.outboundMessage.findFirst({ where, select: { maskedHtml: true } }) : null;
    if (!o) return reply.code(404).send({ error: "not_found", message: "no such reply" });
    return reply.type(HTML).header("content-security-policy", REPLY_HTML_CSP).header("x-frame-options", "SAMEORIGIN").send(o.maskedHtml);
  });
}
