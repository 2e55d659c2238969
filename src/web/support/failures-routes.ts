// Failures: failed jobs, undeliverable replies and attention-folder messages (API and page), and
// retrying or discarding a failed job.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { discardJob, retryJob } from "../../review/failed-jobs.js";
import { errorAnswers, obj, str } from "../api/schema-kit.js";
import { t } from "../i18n/catalog.js";
import { actionDone, failures } from "./api-shapes.js";
import { loadFailures } from "./failures-data.js";
import { failuresBody } from "./failures-page.js";
import { reviewErrorWords } from "./review-errors.js";
import { respond, sendPage, staffOf, type Notice, type SupportKit } from "./route-kit.js";

const jobParams = obj({ queue: { ...str, description: "the job's queue (requests, outbox, ...)" }, id: { ...str, description: "the job's id" } });
const JOB_ACTIONS = {
  retry: { run: retryJob, done: "retried", summary: "Run a failed job again, with fresh attempts" },
  discard: { run: discardJob, done: "discarded", summary: "Remove a failed job; reconcile will not bring it back" },
} as const;

export function failuresRoutes(scope: FastifyInstance, kit: SupportKit): void {
  const { deps } = kit;

  scope.get(
    "/api/failures",
    {
      schema: {
        summary: "Failed jobs, replies that could not be delivered, and messages in the attention folder (100 of each, newest first)",
        tags: ["failures"],
        response: { 200: failures, ...errorAnswers(401, 403) },
      },
    },
    async () => loadFailures(deps),
  );
  const failuresPage = async (req: FastifyRequest, reply: FastifyReply, o: Notice & { error?: string } = {}) =>
    sendPage(req, reply, t("title.failures"), failuresBody(await loadFailures(deps), req.csrfToken, o.notice, o.error), "failures", o.status);
  scope.get<{ Querystring: { done?: string } }>("/failures", async (req, reply) => failuresPage(req, reply, { notice: req.query.done }));

  for (const [action, a] of Object.entries(JOB_ACTIONS)) {
    const jobAction = async (req: FastifyRequest<{ Params: { queue: string; id: string } }>, reply: FastifyReply) => {
      const r = await a.run(deps.review, staffOf(req), { queue: req.params.queue, id: req.params.id });
      return respond(req, reply, r, `/failures?done=${a.done}`, (message, status) =>
        failuresPage(req, reply, { error: message === "Not found." ? t("fl.jobGone") : reviewErrorWords(message), status }),
      );
    };
    scope.post(`/failures/jobs/:queue/:id/${action}`, { schema: { params: jobParams } }, jobAction);
    scope.post(
      `/api/jobs/:queue/:id/${action}`,
      { schema: { summary: a.summary, tags: ["failures"], params: jobParams, response: { 200: actionDone, ...errorAnswers(401, 403, 404, 409) } } },
      jobAction,
    );
  }
}
