// The template admin's HTML pages and their form posts (the same use cases as the JSON API).
// Registered inside the admin scope, so requireStaff('admin') has already run.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { diffTemplateVersions } from "../../templates-admin/diff-template-versions.js";
import { listTemplates } from "../../templates-admin/list-templates.js";
import { normaliseSource } from "../../templates-admin/normalise-source.js";
import { EDITABLE_SAMPLE, previewTemplate } from "../../templates-admin/preview-template.js";
import { resetTemplate } from "../../templates-admin/reset-template.js";
import { rollbackTemplate } from "../../templates-admin/rollback-template.js";
import { saveTemplate } from "../../templates-admin/save-template.js";
import { sendTestMail } from "../../templates-admin/send-test-mail.js";
import { activeVersion, templateHistory } from "../../templates-admin/template-history.js";
import { parseTemplateRef, type TemplateRef } from "../../templates-admin/template-ref.js";
import type { TemplateSource } from "../../reply/template-file.js";
import type { TemplateError } from "../../reply/validate-template.js";
import { DASHBOARD_CSP } from "../auth/security-headers.js";
import { html, renderPage, type SafeHtml } from "../views/layout.js";
import { templateEditorPage } from "./template-editor-page.js";
import { templateHistoryPage } from "./template-history-page.js";
import { editorPath, problemSentence, problemWords } from "./template-page-parts.js";
import { previewBody } from "./templates-api.js";
import { t } from "../i18n/catalog.js";
import { templatesListPage } from "./templates-list-page.js";
import { EDITOR_ASSETS } from "./templates-admin-assets.js";
import type { TemplatesAdminWebDeps } from "./templates-admin-web-deps.js";
import "../auth/types.js";

type Params = { outcome: string; locale: string };
type Form = Record<string, unknown>;

// Email HTML carries inline styles, and a srcdoc iframe inherits this page's policy: only the
// editor allows inline *styles*. Scripts stay 'self' only, and the iframe has no allow-scripts.
const EDITOR_CSP = [...DASHBOARD_CSP.split(/;\s*/).filter((d) => !d.startsWith("style-src ")), "style-src 'self' 'unsafe-inline'"].join("; ");

const field = (body: unknown, key: string): string => {
  const value = body && typeof body === "object" ? (body as Form)[key] : undefined;
  return typeof value === "string" ? value : "";
};

const MESSAGES: Record<string, (n: string) => string> = {
  saved: (v) => t("tpl.saved", { v }),
  rolledback: (v) => t("tpl.rolledBack", { v }),
  reset: (v) => t("tpl.resetDone", { v }),
  test: (to) => t("tpl.testQueued", { to }),
};

function messageOf(query: unknown): string | null {
  if (!query || typeof query !== "object") return null;
  for (const [key, make] of Object.entries(MESSAGES)) {
    const value = (query as Record<string, unknown>)[key];
    if (typeof value === "string" && value.length < 200) return make(value);
  }
  return null;
}

function page(req: FastifyRequest, reply: FastifyReply, title: string, body: SafeHtml, opts: { status?: number; editor?: boolean; frames?: boolean } = {}) {
  // frames: sandboxed previews (srcdoc iframes) whose inline styles the editor's CSP allows.
  if (opts.editor || opts.frames) reply.header("content-security-policy", EDITOR_CSP);
  return (
    reply
      .code(opts.status ?? 200)
      .type("text/html; charset=utf-8")
      // The layout links only the dashboard's stylesheet; ours is linked from the body (allowed in HTML).
      .send(
        renderPage({
          title,
          staff: req.staff,
          csrfToken: req.csrfToken,
          body: html`<link rel="stylesheet" href="${EDITOR_ASSETS.style}">${body}`,
          nav: "templates",
          scripts: opts.editor ? [EDITOR_ASSETS.script, EDITOR_ASSETS.codemirror] : [],
        }),
      )
  );
}

export function templatesPages(app: FastifyInstance, deps: TemplatesAdminWebDeps): void {
  const refOf = (params: Params, reply: FastifyReply): TemplateRef | null => {
    const ref = parseTemplateRef(params.outcome, params.locale);
    if (!ref) void page(reply.request, reply, t("tpl.noSuch"), html`<p><a href="/admin/templates">${t("tpl.allTemplates")}</a></p>`, { status: 404 });
    return ref;
  };
  const actorOf = (req: FastifyRequest) => ({ id: req.staff.id, email: req.staff.email });

  async function editor(
    req: FastifyRequest,
    reply: FastifyReply,
    ref: TemplateRef,
    o: { source?: TemplateSource; note?: string; baseVersion?: number; errors?: TemplateError[]; message?: string | null; status?: number } = {},
  ) {
    const [all, active] = await Promise.all([listTemplates(deps.db, deps.defaults), activeVersion(deps.db, deps.defaults, ref)]);
    const source = o.source ?? active.source;
    // Refused input is shown as typed, with its errors; the preview then shows the active version.
    const preview = await previewTemplate(deps, { ref, source: o.errors?.length ? active.source : source });
    const errors = o.errors?.length ? o.errors : preview.ok ? [] : preview.errors;
    const body = templateEditorPage({
      ref,
      active,
      changed: all.find((t) => t.name === ref.name && t.locale === ref.locale)?.changed ?? false,
      source,
      note: o.note ?? "",
      baseVersion: o.baseVersion ?? active.version,
      rendered: preview.ok ? preview.rendered : null,
      errors,
      csrfToken: req.csrfToken,
      adminEmail: req.staff.email,
      message: o.message ?? null,
      failed: (o.status ?? 200) >= 400,
    });
    return page(req, reply, t("tpl.editorTitle", { name: ref.name, locale: ref.locale }), body, { status: o.status, editor: true });
  }

  app.get("/admin/templates", async (req, reply) => page(req, reply, t("tpl.listTitle"), templatesListPage(await listTemplates(deps.db, deps.defaults))));

  app.get<{ Params: Params }>("/admin/templates/:outcome/:locale", async (req, reply) => {
    const ref = refOf(req.params, reply);
    if (!ref) return reply;
    return editor(req, reply, ref, { message: messageOf(req.query) });
  });

  // The editor's live preview (assets/template-editor.js): the API's answer, each problem said in
  // the page's language (issue 20); /api/templates/…/preview keeps its English `message`.
  app.post<{ Params: Params }>("/admin/templates/:outcome/:locale/preview", async (req, reply) => {
    const ref = parseTemplateRef(req.params.outcome, req.params.locale);
    if (!ref) return reply.code(404).send({ error: "not_found", message: t("tpl.noSuch") });
    const body = previewBody.safeParse(req.body);
    if (!body.success)
      return reply.code(400).send({ error: "bad_request", message: body.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ") });
    const result = await previewTemplate(deps, { ref, source: body.data, sampleLocale: body.data.sampleLocale, sample: body.data.sample });
    if (result.ok) return result.rendered;
    return reply.code(422).send({ errors: result.errors.map((e) => ({ part: e.part, line: e.line, column: e.column, message: problemSentence(e) })) });
  });

  app.post<{ Params: Params }>("/admin/templates/:outcome/:locale", async (req, reply) => {
    const ref = refOf(req.params, reply);
    if (!ref) return reply;
    const source = normaliseSource({ subject: field(req.body, "subject"), html: field(req.body, "html"), text: field(req.body, "text") });
    const note = field(req.body, "note");
    const base = Number.parseInt(field(req.body, "baseVersion"), 10);
    const baseVersion = Number.isSafeInteger(base) ? base : undefined;
    const result = await saveTemplate(deps, { ref, source, note, baseVersion, actor: actorOf(req) });
    if (result.ok)
      return reply
        .code(303)
        .header("location", `${editorPath(ref.name, ref.locale)}?saved=${result.version}`)
        .send();
    if (result.reason === "invalid")
      return editor(req, reply, ref, {
        source,
        note,
        baseVersion,
        errors: result.errors,
        message: t("tpl.notSavedInvalid"),
        status: 422,
      });
    return editor(req, reply, ref, {
      source,
      note,
      baseVersion: result.activeVersion,
      message: t("tpl.notSavedConflict", { v: result.activeVersion }),
      status: 409,
    });
  });

  app.post<{ Params: Params }>("/admin/templates/:outcome/:locale/test", async (req, reply) => {
    const ref = refOf(req.params, reply);
    if (!ref) return reply;
    const source = normaliseSource({ subject: field(req.body, "subject"), html: field(req.body, "html"), text: field(req.body, "text") });
    const note = field(req.body, "note");
    const base = Number.parseInt(field(req.body, "baseVersion"), 10);
    // The sample language chosen under Preview goes with the form (issue 20: a test in either language).
    const sampleLocale = field(req.body, "sampleLocale");
    // And the sample values typed under Preview (issue 20), each at most 200 characters.
    const sample = Object.fromEntries(EDITABLE_SAMPLE.map((k) => [k, field(req.body, `sample.${k}`).slice(0, 200)]));
    const result = await sendTestMail(deps, {
      ref,
      source,
      actor: actorOf(req),
      sampleLocale: sampleLocale === "en" || sampleLocale === "fr" ? sampleLocale : undefined,
      sample,
    });
    const keep = { source, note, baseVersion: Number.isSafeInteger(base) ? base : undefined };
    if (result.ok) return editor(req, reply, ref, { ...keep, message: MESSAGES.test!(result.to) });
    if (result.reason === "invalid") return editor(req, reply, ref, { ...keep, errors: result.errors, message: t("tpl.noTestInvalid"), status: 422 });
    return editor(req, reply, ref, { ...keep, message: t("tpl.noTestLimit"), status: 429 });
  });

  app.post<{ Params: Params }>("/admin/templates/:outcome/:locale/reset", async (req, reply) => {
    const ref = refOf(req.params, reply);
    if (!ref) return reply;
    const result = await resetTemplate(deps.db, { ref, actor: actorOf(req) });
    return reply
      .code(303)
      .header("location", `${editorPath(ref.name, ref.locale)}?reset=${result.version}`)
      .send();
  });

  app.get<{ Params: Params; Querystring: { from?: string; to?: string } }>("/admin/templates/:outcome/:locale/history", async (req, reply) => {
    const ref = refOf(req.params, reply);
    if (!ref) return reply;
    const versions = await templateHistory(deps.db, deps.defaults, ref);
    const activeVersion = versions[0]!.version;
    const asVersion = (value: string | undefined) => (value !== undefined && /^\d{1,9}$/.test(value) ? Number(value) : null);
    // Without a choice, show what the active version changed compared with the one before it.
    let from = asVersion(req.query.from) ?? versions[1]?.version ?? null;
    let to = asVersion(req.query.to) ?? (versions.length > 1 ? activeVersion : null);
    let diff = null;
    if (from !== null && to !== null) {
      const result = await diffTemplateVersions(deps.db, deps.defaults, ref, from, to);
      if (result.ok) diff = result.lines;
      else from = to = null;
    }
    // Both versions rendered with the sample data, side by side (issue 20).
    const sourceOf = (n: number | null) => versions.find((x) => x.version === n)?.source;
    const [before, after] = [sourceOf(from), sourceOf(to)];
    const rendered =
      diff && before && after
        ? { before: await previewTemplate(deps, { ref, source: before }), after: await previewTemplate(deps, { ref, source: after }) }
        : null;
    const body = templateHistoryPage({ ref, versions, activeVersion, from, to, diff, rendered, csrfToken: req.csrfToken, message: messageOf(req.query) });
    return page(req, reply, t("tpl.historyTitle", { name: ref.name, locale: ref.locale }), body, { frames: rendered !== null });
  });

  app.post<{ Params: Params }>("/admin/templates/:outcome/:locale/rollback", async (req, reply) => {
    const ref = refOf(req.params, reply);
    if (!ref) return reply;
    const version = Number.parseInt(field(req.body, "version"), 10);
    const result = Number.isSafeInteger(version)
      ? await rollbackTemplate(deps, { ref, version, actor: actorOf(req) })
      : ({ ok: false, reason: "not-found" } as const);
    if (result.ok)
      return reply
        .code(303)
        .header("location", `${editorPath(ref.name, ref.locale)}/history?rolledback=${result.version}`)
        .send();
    const problem =
      result.reason === "not-found"
        ? html`<p role="alert">${t("tpl.noSuchVersion")}</p>`
        : html`<p role="alert">${t("tpl.rollbackRefused")}</p><ul>${result.errors.map((e) => html`<li>${problemWords(e)}</li>`)}</ul>`;
    return page(
      req,
      reply,
      t("tpl.rollbackTitle", { name: ref.name, locale: ref.locale }),
      html`${problem}<p><a href="${editorPath(ref.name, ref.locale)}/history">${t("tpl.backToHistory")}</a></p>`,
      { status: result.reason === "not-found" ? 404 : 422 },
    );
  });
}
