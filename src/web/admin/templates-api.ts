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

  app.get("/api/templates", async () => ({ templates: (await listTemplates(deps.db, deps.defaults)).map(summaryJson) }));

  app.get<{ Params: Params }>("/api/templates/:outcome/:locale", async (req, reply) => {
    const ref = refOf(req.params, reply);
    if (!ref) return reply;
    const all = await listTemplates(deps.db, deps.defaults);
    return summaryJson(all.find((t) => t.name === ref.name && t.locale === ref.locale)!);
  });

  app.post<{ Params: Params }>("/api/templates/:outcome/:locale/preview", async (req, reply) => {
    const ref = refOf(req.params, reply);
    if (!ref) return reply;
    const body = previewBody.safeParse(req.body);
    if (!body.success) return badRequest(reply, body.error);
    const result = await previewTemplate(deps, { ref, source: body.data, sampleLocale: body.data.sampleLocale, sample: body.data.sample });
    return result.ok ? result.rendered : invalid(reply, result.errors);
  });

  app.post<{ Params: Params }>("/api/templates/:outcome/:locale", async (req, reply) => {
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

  app.get<{ Params: Params }>("/api/templates/:outcome/:locale/versions", async (req, reply) => {
    const ref = refOf(req.params, reply);
    if (!ref) return reply;
    const [history, active] = await Promise.all([templateHistory(deps.db, deps.defaults, ref), activeVersion(deps.db, deps.defaults, ref)]);
    return { outcome: ref.name, locale: ref.locale, activeVersion: active.version, versions: history.map((v) => versionJson(v, active.version)) };
  });

  app.get<{ Params: Params; Querystring: { from?: string; to?: string } }>("/api/templates/:outcome/:locale/diff", async (req, reply) => {
    const ref = refOf(req.params, reply);
    if (!ref) return reply;
    const from = versionNumber.safeParse(req.query.from);
    const to = versionNumber.safeParse(req.query.to);
    if (!from.success || !to.success) return reply.code(400).send({ error: "bad_request", message: "from and to must be version numbers (0 = the default)" });
    const diff = await diffTemplateVersions(deps.db, deps.defaults, ref, from.data, to.data);
    if (!diff.ok) return reply.code(404).send({ error: "not_found", message: `no version ${diff.missing} of ${ref.name}.${ref.locale}` });
    return { from: diff.from, to: diff.to, changed: diff.changed, lines: diff.lines };
  });

  app.post<{ Params: Params }>("/api/templates/:outcome/:locale/rollback", async (req, reply) => {
    const ref = refOf(req.params, reply);
    if (!ref) return reply;
    const body = rollbackBody.safeParse(req.body);
    if (!body.success) return badRequest(reply, body.error);
    const result = await rollbackTemplate(deps, { ref, version: body.data.version, note: body.data.note, actor: actorOf(req) });
    if (result.ok) return reply.code(201).send({ outcome: ref.name, locale: ref.locale, version: result.version, rolledBackTo: body.data.version });
    if (result.reason === "invalid") return invalid(reply, result.errors);
    return reply.code(404).send({ error: "not_found", message: `no version ${body.data.version} of ${ref.name}.${ref.locale}` });
  });

  app.post<{ Params: Params }>("/api/templates/:outcome/:locale/reset", async (req, reply) => {
    const ref = refOf(req.params, reply);
    if (!ref) return reply;
    const body = resetBody.safeParse(req.body);
    if (!body.success) return badRequest(reply, body.error);
    const result = await resetTemplate(deps.db, { ref, note: body.data?.note, actor: actorOf(req) });
    return reply.code(201).send({ outcome: ref.name, locale: ref.locale, version: result.version });
  });

  app.post<{ Params: Params }>("/api/templates/:outcome/:locale/test", async (req, reply) => {
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
