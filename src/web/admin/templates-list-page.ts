// /admin/templates: every template × language, what is active, changed from default or not.
import type { TemplateSummary } from "../../templates-admin/list-templates.js";
import { html, type SafeHtml } from "../views/layout.js";
import { editorPath, LOCALE_LABELS, purposeOf, when } from "./template-page-parts.js";
import { t as tr } from "../i18n/catalog.js";

export function templatesListPage(templates: readonly TemplateSummary[]): SafeHtml {
  const changed = templates.filter((t) => t.changed).length;
  const cols = [
    "tpl.col.template",
    "tpl.col.sentWhen",
    "tpl.col.language",
    "tpl.col.status",
    "tpl.col.version",
    "tpl.col.changed",
    "tpl.col.by",
    "tpl.col.note",
  ] as const;
  return html`<p>${tr("tpl.listIntro", { changed, total: templates.length })} <code>templates/</code>. ${tr("tpl.listIntro2")}</p>
<table class="tpl-list">
<thead><tr>${cols.map((c) => html`<th scope="col">${tr(c)}</th>`)}</tr></thead>
<tbody>${templates.map(
    (t) => html`<tr data-template="${t.name}.${t.locale}">
<td><a href="${editorPath(t.name, t.locale)}">${t.name}</a></td>
<td>${purposeOf(t.name)}</td>
<td>${LOCALE_LABELS[t.locale]}</td>
<td>${t.changed ? html`<strong class="tpl-changed">${tr("tpl.changed")}</strong>` : tr("tpl.default")}</td>
<td>${t.active.version}</td>
<td>${when(t.active.createdAt)}</td>
<td>${t.active.author ?? ""}</td>
<td>${t.active.note ?? ""}</td>
</tr>`,
  )}</tbody>
</table>`;
}
