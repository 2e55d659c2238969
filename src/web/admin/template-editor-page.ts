// /admin/templates/:outcome/:locale: the editor. Works as plain forms; the editor script adds
// the live preview (POST .../preview as you type). The HTML preview sits in an iframe sandboxed
// without allow-scripts: the email's markup is shown, never run, and cannot reach this page.
import type { RenderedReply } from "../../reply/render.js";
import { hasOwnSubject, LOCALES, templateVariables } from "../../reply/template-catalog.js";
import type { TemplateSource } from "../../reply/template-file.js";
import type { TemplateError } from "../../reply/validate-template.js";
import type { TemplateVersionView } from "../../templates-admin/template-history.js";
import type { TemplateRef } from "../../templates-admin/template-ref.js";
import { html, raw, type SafeHtml } from "../views/layout.js";
import { editorPath, errorList, flash, LOCALE_LABELS, when } from "./template-page-parts.js";
import { t } from "../i18n/catalog.js";

export interface EditorView {
  ref: TemplateRef;
  active: TemplateVersionView;
  changed: boolean;
  /** What the form shows: the active version, or what was just submitted and refused. */
  source: TemplateSource;
  note: string;
  baseVersion: number;
  rendered: RenderedReply | null;
  errors: readonly TemplateError[];
  csrfToken: string;
  adminEmail: string;
  message: string | null;
  /** The message says that something failed (not saved, no test sent). */
  failed?: boolean;
}

/** The sample values an admin may change in the preview (issue 20; EDITABLE_SAMPLE). */
const SAMPLE_FIELDS = [
  { key: "firstName", label: "tpl.sample.firstName", hint: "Maria" },
  { key: "lastName", label: "tpl.sample.lastName", hint: "Santos" },
  { key: "organizationName", label: "tpl.sample.organizationName", hint: "Northwind Logistics Inc." },
  { key: "branchName", label: "tpl.sample.branchName", hint: "Hamilton Warehouse" },
  { key: "pinExpiresAt", label: "tpl.sample.pinExpiresAt", hint: "Thursday, December 10, 2026" },
] as const;

export function templateEditorPage(v: EditorView): SafeHtml {
  const path = editorPath(v.ref.name, v.ref.locale);
  const variables = templateVariables(v.ref.name);
  const status =
    v.active.version === 0
      ? t("tpl.activeDefault")
      : t("tpl.activeVersion", { v: v.active.version, reset: v.active.isDefault, when: when(v.active.createdAt), by: v.active.author ?? t("tpl.unknown") });
  return html`${flash(v.message, v.failed)}
<p class="tpl-meta">${t("tpl.active")} ${status}${v.changed ? html` · <strong class="tpl-changed">${t("tpl.changedFromDefault")}</strong>` : ""} ·
<a href="${path}/history">${t("tpl.historyLink")}</a> ·
${LOCALES.filter((l) => l !== v.ref.locale).map((l) => html`<a href="${editorPath(v.ref.name, l)}" hreflang="${l}">${t("tpl.otherLanguage", { language: LOCALE_LABELS[l] })}</a> · `)}
<a href="/admin/templates">${t("tpl.allTemplates")}</a></p>
<div class="tpl-editor">
<form method="post" action="${path}" id="template-form" data-preview-url="${path}/preview">
<input type="hidden" name="_csrf" value="${v.csrfToken}">
<input type="hidden" name="baseVersion" value="${v.baseVersion}">
<label for="tpl-subject">${t("tpl.subject")} <small>${hasOwnSubject(v.ref.name) ? t("tpl.subjectOwn") : t("tpl.subjectRe")}</small></label>
<input id="tpl-subject" name="subject" value="${v.source.subject}" spellcheck="false" autocomplete="off">
<label for="tpl-html">${t("tpl.htmlBody")}</label>
<textarea id="tpl-html" name="html" rows="22" spellcheck="false">${raw("\n")}${v.source.html}</textarea>
<label for="tpl-text">${t("tpl.textBody")} <small>${t("tpl.textBodyHint")}</small></label>
<textarea id="tpl-text" name="text" rows="16" spellcheck="false">${raw("\n")}${v.source.text ?? ""}</textarea>
<label for="tpl-note">${t("tpl.note")}</label>
<input id="tpl-note" name="note" maxlength="500" value="${v.note}" autocomplete="off">
<div class="tpl-actions">
<button type="submit" id="tpl-save">${t("tpl.save")}</button>
<button type="submit" id="tpl-test" formaction="${path}/test">${t("tpl.sendTest", { to: v.adminEmail })}</button>
</div>
</form>
<section class="tpl-preview" aria-labelledby="preview-heading">
<h2 id="preview-heading">${t("tpl.preview")}</h2>
<label for="tpl-sample-locale">${t("tpl.sampleData")}</label>
<select id="tpl-sample-locale" name="sampleLocale" form="template-form" aria-describedby="tpl-sample-note">${LOCALES.map((l) => html`<option value="${l}"${l === v.ref.locale ? raw(" selected") : ""}>${t("tpl.sampleOf", { language: LOCALE_LABELS[l], locale: l })}</option>`)}</select>
<fieldset id="tpl-sample" class="tpl-sample"><legend>${t("tpl.sampleValues")}</legend>
${SAMPLE_FIELDS.map((f) => html`<label for="tpl-sample-${f.key}">${t(f.label)}</label><input id="tpl-sample-${f.key}" name="sample.${f.key}" form="template-form" maxlength="200" autocomplete="off" placeholder="${f.hint}">`)}
</fieldset>
<p id="tpl-sample-note" class="tpl-meta"><small>${t("tpl.sampleNote")}</small></p>
<p id="preview-status" role="status" aria-live="polite" data-rendering="${t("tpl.live.rendering")}" data-done="${t("tpl.live.done")}" data-problems="${t("tpl.live.problems")}" data-failed="${t("tpl.live.failed")}" data-no-answer="${t("tpl.live.noAnswer")}" data-sign-in="${t("tpl.live.signIn")}">${v.errors.length ? t("tpl.hasProblems") : t("tpl.renderedWith")}</p>
${errorList(v.errors)}
<h3>${t("tpl.subject")}</h3>
<p id="preview-subject" class="tpl-subject">${v.rendered?.subject ?? ""}</p>
<h3>${t("tpl.html")}</h3>
<iframe id="preview-html" title="${t("tpl.htmlPreview")}" sandbox referrerpolicy="no-referrer" srcdoc="${v.rendered?.html ?? ""}"></iframe>
<h3>${t("tpl.plainText")}</h3>
<pre id="preview-text" class="tpl-text">${v.rendered?.text ?? ""}</pre>
</section>
</div>
<section aria-labelledby="vars-heading">
<h2 id="vars-heading">${t("tpl.variablesOf", { name: v.ref.name })}</h2>
<p>${t("tpl.variablesHelp1")} <code>{{ name }}</code>. ${t("tpl.variablesHelp2")} <code>{% if name %}…{% endif %}</code>.${v.ref.name.includes("pin-issued") ? html` ${t("tpl.pinLineHelp")} <code>PIN: {{ pin }}</code> ${t("tpl.pinLineHelp2")}` : ""}</p>
<table class="tpl-vars"><thead><tr><th scope="col">${t("tpl.col.variable")}</th><th scope="col">${t("tpl.col.required")}</th><th scope="col">${t("tpl.col.meaning")}</th></tr></thead>
<tbody>${variables.map((x) => html`<tr><td><code>${x.name}</code></td><td>${x.required ? html`<strong>${t("tpl.required")}</strong>` : t("tpl.optional")}</td><td>${x.description}</td></tr>`)}</tbody></table>
</section>
<form method="post" action="${path}/reset" class="tpl-reset">
<input type="hidden" name="_csrf" value="${v.csrfToken}">
<button type="submit">${t("tpl.reset")}</button> <small>${t("tpl.resetHint")}</small>
</form>`;
}
