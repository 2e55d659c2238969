// An address no route answers: the JSON API says so in the project's own error shape
// ({"error": "not_found", "message"}), a person following a mistyped or outdated link gets a page
// in words with the way back, never Fastify's default JSON.
import type { FastifyReply, FastifyRequest } from "fastify";
import { isApiRequest } from "../auth/guards.js";
import { t } from "../i18n/catalog.js";
import { html, renderPage } from "../views/layout.js";

export function answerNotFound(req: FastifyRequest, reply: FastifyReply): FastifyReply {
  const path = req.url.split("?")[0] ?? req.url;
  if (isApiRequest(req)) return reply.code(404).send({ error: "not_found", message: `no route ${req.method} ${path}` });
  return reply
    .code(404)
    .type("text/html; charset=utf-8")
    .send(
      renderPage({
        title: t("title.notFound"),
        staff: req.staff ?? null,
        csrfToken: req.csrfToken ?? null,
        body: html`<p>${t("api.noPage")}</p><p><a href="/">${t("api.backToOverview")}</a></p>`,
      }),
    );
}
