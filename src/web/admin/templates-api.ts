// The admin JSON API (routes and shapes are an interface, see docs/templates-admin.md):
//   GET  /api/templates                                  every outcome × locale, active version
//   GET  /api/templates/:outcome/:locale                 one of them, with its variables
//   POST /api/templates/:outcome/:locale/preview         {subject,html,text} → rendered, or 422
//   POST /api/templates/:outcome/:locale                 save a new version, or 422
//   GET  /api/templates/:outcome/:locale/versions        history, newest first, 0 = default file
//   GET  /api/templates/:outcome/:locale/diff?from&to    line diff of two versions
//   POST /api/templates/:outcome/:locale/rollback        {version} → new version with that content
//   POST /api/templates/:outcome/:locale/reset           new version = the default file
//   POST /api/templates/:outcome/:locale/test            mail the rendered preview to yourself
// Registered inside the admin scope, so requireStaff('admin') has already run (401/403/CSRF).
import type { FastifyInstance, FastifyReply } from "fastify";
import { z } from "zod";
import { LOCALES } from "../../reply/template-catalog.js";
import type { TemplateError } from "../../reply/validate-template.js";
import { diffTemplateVersions } from "../../templates-admin/diff-template-versions.js";
import { listTemplates } from "../../templates-admin/list-templates.js";
import { EDITABLE_SAMPLE, previewTemplate } from "../../templates-admin/preview-template.js";
import { resetTemplate } from "../../templates-admin/reset-template.js";
import { rollbackTemplate } from "../../templates-admin/rollback-template.js";
import { saveTemplate } from "../../templates-admin/save-template.js";
import { sendTestMail } from "../../templates-admin/send-test-mail.js";
import { activeVersion, templateHistory } from "../../templates-admin/template-history.js";
import { parseTemplateRef, type TemplateRef } from "../../templates-admin/template-ref.js";
import type { TemplatesAdminWebDeps } from "./templates-admin-web-deps.js";
import { summaryJson, versionJson } from "./template-json.js";
import "../auth/types.js";
import { arrayOf, bool, describeOnly, errorAnswers, fromZod, int, nullable, obj, str } from "../api/schema-kit.js";

type Params = { outcome: string; locale: string };

const sourceBody = z.object({
  subject: z.string().max(1_000),
  html: z.string().max(100_000),
  text: z.string().max(100_000).nullish(),
});
// sample: the preview's editable sample data (issue 20), each at most 200 characters.
const sampleBody = z
  .object(
    Object.fromEntries(EDITABLE_SAMPLE.map((k) => [k, z.string().max(200).optional()])) as Record<(typeof EDITABLE_SAMPLE)[number], z.ZodOptional<z.ZodString>>,
  )
  .strict();
export const previewBody = sourceBody.extend({ sampleLocale: z.enum(LOCALES).optional(), sample: sampleBody.optional() });
const saveBody = sourceBody.extend({ note: z.string().max(500).nullish(), baseVersion: z.number().int().min(0).optional() });
const rollbackBody = z.object({ version: z.number().int().min(0), note: z.string().max(500).nullish() });
const resetBody = z.object({ note: z.string().max(500).nullish() }).nullish();
const versionNumber = z.coerce.number().int().min(0);

// Documented for /api/openapi.json; the zod schemas above stay the validators (their `bad_request`
// answers are the interface, docs/templates-admin.md).
const params = obj({ outcome: { ...str, description: "the template's outcome, e.g. pin-issued" }, locale: { type: "string", enum: [...LOCALES] } });
const nStr = nullable(str);
const version = obj(
  { version: int, isDefault: bool, active: bool, createdAt: nStr, author: nStr, note: nStr, subject: str, html: str, text: nStr },
  { optional: ["active"] },
);
const summary = obj({
  outcome: str,
  locale: str,
  changed: bool,
  variables: arrayOf(obj({ name: str, required: bool, description: str })),
  active: version,
});
const templateErrors = obj({ errors: arrayOf(obj({ part: str, line: int, column: int, message: str })) });
const saved = obj({ outcome: str, locale: str, version: int });
const refused = errorAnswers(400, 401, 403, 404);
const doc = (summaryText: string, o: { body?: z.ZodType; querystring?: object; response: Record<number, object> }) => ({
  schema: {
    summary: summaryText,
    tags: ["templates"],
    params,
    ...(o.body ? { body: fromZod(o.body) } : {}),
    ...(o.querystring ? { querystring: o.querystring } : {}),
    response: o.response,
  },
  ...describeOnly,
});

/** Per route: what /api/openapi.json says about it. */
const DOCS = {
  list: {
    schema: { summary: "Every outcome × locale with its active version", tags: ["templates"], response: { 200: obj({ templates: arrayOf(summary) }) } },
    ...describeOnly,
  },
  one: doc("One template, its variables and active version", { response: { 200: summary, ...refused } }),
  preview: doc("Render a draft with sample data, or 422 with part, line, column and message", {
    body: previewBody,
    response: { 200: obj({ subject: str, html: str, text: str }, { open: true }), 422: templateErrors, ...refused },
  }),
  save: doc("Save a new version (409 when another was saved since baseVersion)", {
    body: saveBody,
    response: { 201: saved, 409: obj({ error: str, message: str, activeVersion: int }), 422: templateErrors, ...refused },
  }),
  versions: doc("The history, newest first; version 0 is the default file", {
    response: { 200: obj({ outcome: str, locale: str, activeVersion: int, versions: arrayOf(version) }), ...refused },
  }),
  diff: doc("A line diff of two versions (0 = the default)", {
    querystring: obj({ from: { ...int, minimum: 0 }, to: { ...int, minimum: 0 } }),
    response: {
      200: obj({
        from: int,
        to: int,
        changed: bool,
        lines: arrayOf(obj({ op: { type: "string", enum: ["same", "add", "remove"] }, text: str, oldLine: nullable(int), newLine: nullable(int) })),
      }),
      ...refused,
    },
  }),
  rollback: doc("A new version with the content of an earlier one", {
    body: rollbackBody,
    response: { 201: obj({ ...saved.properties, rolledBackTo: int }), 422: templateErrors, ...refused },
  }),
  reset: doc("A new version with the default file's content", { body: resetBody, response: { 201: saved, ...refused } }),
  test: doc("Mail the rendered draft to yourself (rate limited)", {
    body: previewBody,
    response: { 202: obj({ to: str, outboxId: int }), 422: templateErrors, ...errorAnswers(400, 401, 403, 404, 429) },
  }),
};

function badRequest(reply: FastifyReply, error: z.ZodError) {
  return reply.code(400).send({ error: "bad_request", message: error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ") });
}

function invalid(reply: FastifyReply, errors: TemplateError[]) {
  return reply.code(422).send({ errors: errors.map(({ part, line, column, message }) => ({ part, line, column, message })) });
}

export function templatesApi(app: FastifyInstance, deps: TemplatesAdminWebDeps): void {
  const refOf = (params: Params, reply: FastifyReply): TemplateRef | null => {
    const ref = parseTemplateRef(params.outcome, params.locale);
    if (!ref) void reply.code(404).send({ error: "not_found", message: `no template ${params.outcome}.${params.locale}` });
    return ref;
  };
  const actorOf = (req: { staff: { id: number; email: string } }) => ({ id: req.staff.id, email: req.staff.email });

  app.get("/api/templates", DOCS.list, async () => ({ templates: (await listTemplates(deps.db, deps.defaults)).map(summaryJson) }));

  app.get<{ Params: Params }>("/api/templates/:outcome/:locale", DOCS.one, async (req, reply) => {
    const ref = refOf(req.params, reply);
    if (!ref) return reply;
    const all = await listTemplates(deps.db, deps.defaults);
    return summaryJson(all.find((t) => t.name === ref.name && t.locale === ref.locale)!);
  });

  app.post<{ Params: Params }>("/api/templates/:outcome/:locale/preview", DOCS.preview, async (req, reply) => {
    const ref = refOf(req.params, reply);
    if (!ref) return reply;
    const body = previewBody.safeParse(req.body);
    if (!body.success) return badRequest(reply, body.error);
    const result = await previewTemplate(deps, { ref, source: body.data, sampleLocale: body.data.sampleLocale, sample: body.data.sample });
    return result.ok ? result.rendered : invalid(reply, result.errors);
  });

  app.post<{ Params: Params }>("/api/templates/:outcome/:locale", DOCS.save, async (req, reply) => {
    const ref = refOf(req.params, reply);
    if (!ref) return reply;
    const body = saveBody.safeParse(req.body);
    if (!body.success) return badRequest(reply, body.error);
    const result = await saveTemplate(deps, { ref, source: body.data, note: body.data.note, baseVersion: body.data.baseVersion, actor: actorOf(req) });
    if (result.ok) return reply.code(201).send({ outcome: ref.name, locale: ref.locale, version: result.version });
    if (result.reason === "invalid") return invalid(reply, result.errors);
    return reply.code(409).send({
      error: "conflict",
      message: `version ${result.activeVersion} was saved meanwhile; reload and apply your change to it`,
      activeVersion: result.activeVersion,
    });
  });

  app.get<{ Params: Params }>("/api/templates/:outcome/:locale/versions", DOCS.versions, async (req, reply) => {
    const ref = refOf(req.params, reply);
    if (!ref) return reply;
    const [history, active] = await Promise.all([templateHistory(deps.db, deps.defaults, ref), activeVersion(deps.db, deps.defaults, ref)]);
    return { outcome: ref.name, locale: ref.locale, activeVersion: active.version, versions: history.map((v) => versionJson(v, active.version)) };
  });

  app.get<{ Params: Params; Querystring: { from?: string; to?: string } }>("/api/templates/:outcome/:locale/diff", DOCS.diff, async (req, reply) => {
    const ref = refOf(req.params, reply);
    if (!ref) return reply;
    const from = versionNumber.safeParse(req.query.from);
    const to = versionNumber.safeParse(req.query.to);
    if (!from.success || !to.success) return reply.code(400).send({ error: "bad_request", message: "from and to must be version numbers (0 = the default)" });
    const diff = await diffTemplateVersions(deps.db, deps.defaults, ref, from.data, to.data);
    if (!diff.ok) return reply.code(404).send({ error: "not_found", message: `no version ${diff.missing} of ${ref.name}.${ref.locale}` });
    return { from: diff.from, to: diff.to, changed: diff.changed, lines: diff.lines };
  });

  app.post<{ Params: Params }>("/api/templates/:outcome/:locale/rollback", DOCS.rollback, async (req, reply) => {
    const ref = refOf(req.params, reply);
    if (!ref) return reply;
    const body = rollbackBody.safeParse(req.body);
    if (!body.success) return badRequest(reply, body.error);
    const result = await rollbackTemplate(deps, { ref, version: body.data.version, note: body.data.note, actor: actorOf(req) });
    if (result.ok) return reply.code(201).send({ outcome: ref.name, locale: ref.locale, version: result.version, rolledBackTo: body.data.version });
    if (result.reason === "invalid") return invalid(reply, result.errors);
    return reply.code(404).send({ error: "not_found", message: `no version ${body.data.version} of ${ref.name}.${ref.locale}` });
  });

  app.post<{ Params: Params }>("/api/templates/:outcome/:locale/reset", DOCS.reset, async (req, reply) => {
    const ref = refOf(req.params, reply);
    if (!ref) return reply;
    const body = resetBody.safeParse(req.body);
    if (!body.success) return badRequest(reply, body.error);
    const result = await resetTemplate(deps.db, { ref, note: body.data?.note, actor: actorOf(req) });
    return reply.code(201).send({ outcome: ref.name, locale: ref.locale, version: result.version });
  });

  app.post<{ Params: Params }>("/api/templates/:outcome/:locale/test", DOCS.test, async (req, reply) => {
    const ref = refOf(req.params, reply);
    if (!ref) return reply;
    // sampleLocale (en | fr): the test in either language (issue 20).
    const body = previewBody.safeParse(req.body);
    if (!body.success) return badRequest(reply, body.error);
    const result = await sendTestMail(deps, { ref, source: body.data, actor: actorOf(req), sampleLocale: body.data.sampleLocale, sample: body.data.sample });
    if (result.ok) return reply.code(202).send({ to: result.to, outboxId: result.outboxId });
    if (result.reason === "invalid") return invalid(reply, result.errors);
    return reply
      .code(429)
      .header("retry-after", String(result.retryAfterSeconds))
      .send({ error: "rate_limited", message: "too many test mails; try again later" });
  });
}
