// A request the route's JSON schema refuses (issue 14.5): the JSON API answers
// 400 {"error": "invalid_request", "message"}; a page's form gets a page with the same message.
// Fastify validates after the onRequest hooks, so 401/403 still come first.
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { isApiRequest } from "../auth/guards.js";
import { t } from "../i18n/catalog.js";
import { html, renderPage } from "../views/layout.js";

/** One error as Ajv reports it (the fields used here). */
export interface SchemaError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

const PART: Record<string, string> = { body: "body", querystring: "query", params: "path", headers: "headers" };

/** "body.version: must be a whole number"; at most three, most specific first, no repeats. */
export function describeSchemaErrors(errors: readonly SchemaError[], dataVar: string): string {
  const part = PART[dataVar] ?? dataVar;
  const lines = errors
    // anyOf/oneOf only say "must match a schema"; the branch errors before them say why.
    .filter((e) => e.keyword !== "anyOf" && e.keyword !== "oneOf")
    .map((e) => {
      const path = e.instancePath.split("/").filter(Boolean);
      if (e.keyword === "required") return `${[part, ...path, String(e.params["missingProperty"])].join(".")}: is required`;
      return `${[part, ...path].join(".")}: ${wording(e)}`;
    });
  const unique = [...new Set(lines.length ? lines : [`${part}: is not valid`])];
  return unique.slice(0, 3).join("; ");
}

const TYPE_WORDS: Record<string, string> = {
  integer: "a whole number",
  number: "a number",
  string: "a string",
  boolean: "true or false",
  object: "an object",
  array: "a list",
  null: "null",
};

function wording(e: SchemaError): string {
  const p = e.params;
  switch (e.keyword) {
    case "type":
      return `must be ${String(p["type"])
        .split(",")
        .map((t) => TYPE_WORDS[t] ?? t)
        .join(" or ")}`;
    case "enum":
      return `must be one of ${(p["allowedValues"] as unknown[]).join(", ")}`;
    case "maxLength":
      return `must be at most ${String(p["limit"])} characters`;
    case "minLength":
      return `must be at least ${String(p["limit"])} characters`;
    case "pattern":
      return `does not have the expected form (${String(p["pattern"])})`;
    default:
      return e.message ?? "is not valid";
  }
}

/** Fastify's schemaErrorFormatter: the message every validation failure carries. */
export function schemaErrorFormatter(errors: readonly SchemaError[], dataVar: string): Error {
  return new Error(describeSchemaErrors(errors, dataVar));
}

export const isValidationError = (err: unknown): err is FastifyError => Array.isArray((err as FastifyError | null)?.validation);

export function answerInvalidRequest(err: FastifyError, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (isApiRequest(req)) return reply.code(400).send({ error: "invalid_request", message: err.message });
  // A page's form (or link) with values the route cannot take: a page that says so.
  return reply
    .code(400)
    .type("text/html; charset=utf-8")
    .send(
      renderPage({
        title: t("api.invalidTitle"),
        staff: req.staff ?? null,
        csrfToken: req.csrfToken ?? null,
        body: html`<p class="error" role="alert">${t("api.invalidLead")} ${err.message}</p><p><a href="/">${t("api.backToOverview")}</a></p>`,
      }),
    );
}
