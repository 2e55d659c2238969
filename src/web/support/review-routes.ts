// Review: the queue (API, page in pages of 50, its live part), the actions on a case, and the
// preview of the reply a reject would send. Each action is its own route with its own body schema.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { approveRequest } from "../../review/approve-request.js";
import { assignRequest } from "../../review/assign-request.js";
import { closeRequest } from "../../review/close-request.js";
import { correctName } from "../../review/correct-name.js";
import { isRejectTemplate, previewReject, REJECT_TEMPLATES, rejectRequest } from "../../review/reject-request.js";
import { reopenRequest } from "../../review/reopen-request.js";
import { refusal, refused } from "../../review/refusal.js";
import { reprocessMessage } from "../../review/reprocess-message.js";
import { arrayOf, errorAnswers, obj, str } from "../api/schema-kit.js";
import { t } from "../i18n/catalog.js";
import { html } from "../views/html.js";
import { actionDone, reviewCase } from "./api-shapes.js";
import { liveAnnouncer, liveRegion } from "./overview-page.js";
import { listReview, listReviewPage, REVIEW_PAGE_SIZE, reviewTotals } from "./request-data.js";
import { detailPage, refParams } from "./requests-routes.js";
import { reviewBody } from "./review-page.js";
import { respond, sendPage, STATUS, staffOf, TTL_MS, type Result, type SupportKit } from "./route-kit.js";
import { clock } from "./support-deps.js";

const HTML = "text/html; charset=utf-8";

/** The form fields of the actions; the API takes the same as JSON. Values are checked by the use cases (422 with a message). */
const field = {
  version: { type: ["integer", "null"], minimum: 0, description: "the case's version as read; a change since answers 409" },
  reason: { ...str, description: "why, for the record" },
  message: { ...str, description: "a message to the person, in the reply" },
  note: { ...str, description: "a note for the record" },
  template: { ...str, description: `the reply: ${REJECT_TEMPLATES.join(", ")} (rejected by default)` },
  firstName: str,
  lastName: str,
} as const;
type Field = keyof typeof field;
type Form = Partial<Record<Exclude<Field, "version">, string>> & { version?: number | null };

/** A form's body: these fields, all optional (a form posts what it has). No body at all is an empty one. */
const formOf = (...names: Field[]) => ({
  type: ["object", "null"],
  properties: Object.fromEntries(names.map((n) => [n, field[n]])),
});

type ActionReq = FastifyRequest<{ Params: { ref: string }; Body: Form | null }>;
interface Action {
  /** The notice on the case page afterwards (?done=). */
  done: string;
  summary: string;
  fields: Field[];
  run: (req: ActionReq, b: Form) => Promise<Result>;
}

const text = (b: Form, k: Exclude<Field, "version">) => b[k] ?? "";
const versionOf = (b: Form) => b.version ?? undefined;
const templateOf = (b: Form) => text(b, "template") || "rejected";
const notAReply = (template: string) => refused("invalid", refusal("not-choosable", { template }));

export function reviewRoutes(scope: FastifyInstance, kit: SupportKit): void {
  const { deps, shared } = kit;

  scope.get(
    "/api/review",
    {
      schema: {
        summary: "The open review cases (up to 200): highest priority first, then oldest",
        tags: ["review"],
        response: { 200: obj({ cases: arrayOf(reviewCase) }), ...errorAnswers(401, 403) },
      },
    },
    async () => ({ cases: await listReview(deps.db) }),
  );
  // The Review page in pages of 50 (issue 20, "At scale"); its totals shared for a few seconds.
  const reviewPage = async (q: unknown) => {
    const raw = (q as { page?: unknown } | undefined)?.page;
    const n = typeof raw === "string" && /^\d{1,6}$/.test(raw) ? Math.max(1, Number(raw)) : 1;
    const now = clock(deps);
    const [cases, totals] = await Promise.all([listReviewPage(deps.db, n), shared.get("review-totals", TTL_MS.reviewTotals, () => reviewTotals(deps.db, now))]);
    return { n, body: reviewBody(cases, now, { page: n, pageSize: REVIEW_PAGE_SIZE, ...totals }) };
  };
  scope.get("/review", async (req, reply) => {
    const r = await reviewPage(req.query);
    const live = liveRegion(`/partials/review?page=${r.n}`, kit.every, r.body, t("title.review"), true);
    return sendPage(req, reply, t("title.review"), html`${live}${liveAnnouncer()}`, "review");
  });
  scope.get("/partials/review", async (req, reply) => reply.type(HTML).send((await reviewPage(req.query)).body.value));

  const ACTIONS: Record<string, Action> = {
    approve: {
      done: "approved",
      summary: "Approve: issue a PIN and send it (409 not_eligible when the rules forbid it)",
      fields: ["version"],
      run: (req, b) => approveRequest(deps.review, staffOf(req), { reference: req.params.ref, version: versionOf(b) }),
    },
    reject: {
      done: "rejected",
      summary: "Reject with a reply that says why",
      fields: ["version", "reason", "message", "template"],
      run: async (req, b) => {
        const template = templateOf(b);
        if (!isRejectTemplate(template)) return notAReply(template);
        const i = { reference: req.params.ref, version: versionOf(b), reason: text(b, "reason"), message: text(b, "message"), template };
        return rejectRequest(deps.review, staffOf(req), i);
      },
    },
    // Issue 20: a case with no usable sender address leaves review without a reply.
    close: {
      done: "closed",
      summary: "Close without a reply (a note says why)",
      fields: ["version", "note"],
      run: (req, b) => closeRequest(deps.review, staffOf(req), { reference: req.params.ref, version: versionOf(b), note: text(b, "note") }),
    },
    "correct-name": {
      done: "name-corrected",
      summary: "Correct the name read from the message and decide again",
      fields: ["version", "firstName", "lastName"],
      run: (req, b) =>
        correctName(deps.review, staffOf(req), {
          reference: req.params.ref,
          version: versionOf(b),
          firstName: text(b, "firstName"),
          lastName: text(b, "lastName"),
        }),
    },
    assign: {
      done: "assigned",
      summary: "Assign the case to yourself",
      fields: ["version"],
      run: (req, b) => assignRequest(deps.review, staffOf(req), { reference: req.params.ref, version: versionOf(b) }),
    },
    reopen: {
      done: "reopened",
      summary: "Put a decided request back in review",
      fields: ["version", "note"],
      run: (req, b) => reopenRequest(deps.review, staffOf(req), { reference: req.params.ref, version: versionOf(b), note: text(b, "note") }),
    },
    reprocess: {
      done: "reprocessed",
      summary: "Run a message that could not be processed through the pipeline again",
      fields: [],
      run: (req) => reprocessMessage(deps.review, staffOf(req), { reference: req.params.ref }),
    },
  };

  for (const [name, a] of Object.entries(ACTIONS)) {
    const act = async (req: ActionReq, reply: FastifyReply) => {
      const r = await a.run(req, req.body ?? {});
      const okTo = `/requests/${encodeURIComponent(req.params.ref)}?done=${a.done}`;
      return respond(req, reply, r, okTo, (message, status) => detailPage(kit, req, reply, req.params.ref, { error: message, status }));
    };
    const body = formOf(...a.fields);
    scope.post(`/requests/:ref/${name}`, { schema: { params: refParams, body } }, act);
    scope.post(
      `/api/requests/:ref/${name}`,
      {
        schema: {
          summary: a.summary,
          tags: ["review"],
          params: refParams,
          body,
          response: { 200: actionDone, ...errorAnswers(400, 401, 403, 404, 409, 422) },
        },
      },
      act,
    );
  }

  // The reply a reject would send, rendered exactly as it would go out (issue 20).
  const previewOf = (req: ActionReq) => {
    const b = req.body ?? {};
    const template = templateOf(b);
    if (!isRejectTemplate(template)) return Promise.resolve(notAReply(template));
    return previewReject(deps.review, { reference: req.params.ref, template, message: text(b, "message") });
  };
  const previewBody = formOf("reason", "message", "template");
  scope.post(
    "/api/requests/:ref/preview-reply",
    {
      schema: {
        summary: "The reply a reject would send, rendered as it would go out; nothing changes",
        tags: ["review"],
        params: refParams,
        body: formOf("message", "template"),
        response: { 200: obj({ to: str, locale: str, template: str, subject: str, text: str, html: str }), ...errorAnswers(400, 401, 403, 404, 422) },
      },
    },
    async (req: ActionReq, reply) => {
      const r = await previewOf(req);
      if (r.kind === "ok") return r.preview;
      return reply.code(STATUS[r.kind] ?? 422).send({ error: r.kind, message: "message" in r ? r.message : "no such item" });
    },
  );
  scope.post("/requests/:ref/preview-reply", { schema: { params: refParams, body: previewBody } }, async (req: ActionReq, reply) => {
    const r = await previewOf(req);
    const b = req.body ?? {};
    const draft = { reason: text(b, "reason"), message: text(b, "message"), template: templateOf(b) };
    if (r.kind === "ok") return detailPage(kit, req, reply, req.params.ref, { preview: r.preview, draft });
    const error = "message" in r ? (r.refusal ?? r.message) : "Not found.";
    return detailPage(kit, req, reply, req.params.ref, { error, status: STATUS[r.kind] ?? 422, draft });
  });
}
