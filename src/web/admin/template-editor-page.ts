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
  { key: "firstName", label: "First name", hint: "Maria" },
  { key: "lastName", label: "Last name", hint: "Santos" },
  { key: "organizationName", label: "Organization", hint: "Northwind Logistics Inc." },
  { key: "branchName", label: "Branch", hint: "Hamilton Warehouse" },
  { key: "pinExpiresAt", label: "PIN expiry date (as written in the reply)", hint: "Thursday, December 10, 2026" },
] as const;

export function templateEditorPage(v: EditorView): SafeHtml {
  const path = editorPath(v.ref.name, v.ref.locale);
  const variables = templateVariables(v.ref.name);
  const status =
    v.active.version === 0
      ? "the default from templates/"
      : `version ${v.active.version}${v.active.isDefault ? " (reset to the default)" : ""}, ${when(v.active.createdAt)} by ${v.active.author ?? "unknown"}`;
  return html`${flash(v.message, v.failed)}
<p class="tpl-meta">Active: ${status}${v.changed ? html` · <strong class="tpl-changed">changed from the default</strong>` : ""} ·
<a href="${path}/history">History and diff</a> ·
${LOCALES.filter((l) => l !== v.ref.locale).map((l) => html`<a href="${editorPath(v.ref.name, l)}" hreflang="${l}">${LOCALE_LABELS[l]} version</a> · `)}
<a href="/admin/templates">All templates</a></p>
<div class="tpl-editor">
<form method="post" action="${path}" id="template-form" data-preview-url="/api/templates/${v.ref.name}/${v.ref.locale}/preview">
<input type="hidden" name="_csrf" value="${v.csrfToken}">
<input type="hidden" name="baseVersion" value="${v.baseVersion}">
<label for="tpl-subject">Subject <small>${hasOwnSubject(v.ref.name) ? "(this reply goes out with this subject, never the person’s own)" : "(replies go out as “Re: <the person’s subject>”; this one is used for reminders and previews)"}</small></label>
<input id="tpl-subject" name="subject" value="${v.source.subject}" spellcheck="false" autocomplete="off">
<label for="tpl-html">HTML body</label>
<textarea id="tpl-html" name="html" rows="22" spellcheck="false">${raw("\n")}${v.source.html}</textarea>
<label for="tpl-text">Plain-text body <small>(leave empty to make it from the HTML)</small></label>
<textarea id="tpl-text" name="text" rows="16" spellcheck="false">${raw("\n")}${v.source.text ?? ""}</textarea>
<label for="tpl-note">Note for the history</label>
<input id="tpl-note" name="note" maxlength="500" value="${v.note}" autocomplete="off">
<div class="tpl-actions">
<button type="submit" id="tpl-save">Save new version</button>
<button type="submit" id="tpl-test" formaction="${path}/test">Send me a test (to ${v.adminEmail})</button>
</div>
</form>
<section class="tpl-preview" aria-labelledby="preview-heading">
<h2 id="preview-heading">Preview</h2>
<label for="tpl-sample-locale">Sample data</label>
<select id="tpl-sample-locale" name="sampleLocale" form="template-form" aria-describedby="tpl-sample-note">${LOCALES.map((l) => html`<option value="${l}"${l === v.ref.locale ? raw(" selected") : ""}>${LOCALE_LABELS[l]} sample (${l})</option>`)}</select>
<fieldset id="tpl-sample" class="tpl-sample"><legend>Sample values (empty: the sample’s own)</legend>
${SAMPLE_FIELDS.map((f) => html`<label for="tpl-sample-${f.key}">${f.label}</label><input id="tpl-sample-${f.key}" name="sample.${f.key}" form="template-form" maxlength="200" autocomplete="off" placeholder="${f.hint}">`)}
</fieldset>
<p id="tpl-sample-note" class="tpl-meta"><small>“Send me a test” uses this sample’s language and values too.</small></p>
<p id="preview-status" role="status" aria-live="polite">${v.errors.length ? "This version has problems; the preview shows the last version that rendered." : "Rendered with sample data by the same function the outbox uses."}</p>
${errorList(v.errors)}
<h3>Subject</h3>
<p id="preview-subject" class="tpl-subject">${v.rendered?.subject ?? ""}</p>
<h3>HTML</h3>
<iframe id="preview-html" title="HTML preview" sandbox referrerpolicy="no-referrer" srcdoc="${v.rendered?.html ?? ""}"></iframe>
<h3>Plain text</h3>
<pre id="preview-text" class="tpl-text">${v.rendered?.text ?? ""}</pre>
</section>
</div>
<section aria-labelledby="vars-heading">
<h2 id="vars-heading">Variables of ${v.ref.name}</h2>
<p>Write <code>{{ name }}</code>. Required ones must be used in the HTML and in the text part; the others may be empty, so guard them with <code>{% if name %}…{% endif %}</code>.${v.ref.name.includes("pin-issued") ? html` This template must contain the line <code>PIN: {{ pin }}</code> exactly, on a line of its own.` : ""}</p>
<table class="tpl-vars"><thead><tr><th scope="col">Variable</th><th scope="col">Required</th><th scope="col">Meaning</th></tr></thead>
<tbody>${variables.map((x) => html`<tr><td><code>${x.name}</code></td><td>${x.required ? html`<strong>required</strong>` : "optional"}</td><td>${x.description}</td></tr>`)}</tbody></table>
</section>
<form method="post" action="${path}/reset" class="tpl-reset">
<input type="hidden" name="_csrf" value="${v.csrfToken}">
<button type="submit">Reset to the default</button> <small>Writes a new version that uses the file in templates/; history is kept.</small>
</form>`;
}
