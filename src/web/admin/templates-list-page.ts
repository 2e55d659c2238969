// /admin/templates: every template × language, what is active, changed from default or not.
import type { TemplateSummary } from "../../templates-admin/list-templates.js";
import { html, type SafeHtml } from "../views/layout.js";
import { editorPath, LOCALE_LABELS, TEMPLATE_PURPOSES, when } from "./template-page-parts.js";

export function templatesListPage(templates: readonly TemplateSummary[]): SafeHtml {
  const changed = templates.filter((t) => t.changed).length;
  return html`<p>${changed} of ${templates.length} templates differ from the defaults in <code>templates/</code>. An edit reaches the next reply on every worker; nothing needs a restart.</p>
<table class="tpl-list">
<thead><tr><th scope="col">Template</th><th scope="col">Sent when</th><th scope="col">Language</th><th scope="col">Status</th><th scope="col">Version</th><th scope="col">Changed</th><th scope="col">By</th><th scope="col">Note</th></tr></thead>
<tbody>${templates.map(
    (t) => html`<tr data-template="${t.name}.${t.locale}">
<td><a href="${editorPath(t.name, t.locale)}">${t.name}</a></td>
<td>${TEMPLATE_PURPOSES[t.name]}</td>
<td>${LOCALE_LABELS[t.locale]}</td>
<td>${t.changed ? html`<strong class="tpl-changed">Changed</strong>` : "Default"}</td>
<td>${t.active.version}</td>
<td>${when(t.active.createdAt)}</td>
<td>${t.active.author ?? ""}</td>
<td>${t.active.note ?? ""}</td>
</tr>`,
  )}</tbody>
</table>`;
}
