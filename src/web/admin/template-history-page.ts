// /admin/templates/:outcome/:locale/history: every version, a diff of any two, and rollback.
import type { DiffLine } from "../../templates-admin/diff-lines.js";
import { diffView, type Segment } from "../../templates-admin/diff-view.js";
import type { PreviewResult } from "../../templates-admin/preview-template.js";
import type { TemplateVersionView } from "../../templates-admin/template-history.js";
import type { TemplateRef } from "../../templates-admin/template-ref.js";
import { html, raw, type SafeHtml } from "../views/layout.js";
import { editorPath, flash, problemWords, when } from "./template-page-parts.js";
import { t } from "../i18n/catalog.js";

export interface HistoryView {
  ref: TemplateRef;
  versions: readonly TemplateVersionView[];
  activeVersion: number;
  from: number | null;
  to: number | null;
  diff: readonly DiffLine[] | null;
  /** The two versions rendered with the sample data (issue 20); null without a comparison. */
  rendered?: { before: PreviewResult; after: PreviewResult } | null;
  csrfToken: string;
  message: string | null;
}

const SIGN = { same: " ", add: "+", remove: "-" } as const;

const segments = (s: Segment[]) => s.map((x) => (x.changed ? html`<mark class="tpl-diff-mark">${x.text}</mark>` : x.text));

/** Unchanged runs folded (open them to read), changes marked within their line (issue 20). */
function diffBlock(lines: readonly DiffLine[]): SafeHtml {
  if (!lines.some((l) => l.op !== "same")) return html`<p>${t("tpl.identical")}</p>`;
  return html`<div class="tpl-diff">${diffView(lines).map((r) =>
    r.op === "fold"
      ? html`<details class="tpl-diff-fold"><summary>${t("tpl.unchangedLines", { n: r.count, from: r.newLine })}</summary>${lines
          .filter((l) => l.op === "same" && l.newLine !== null && l.newLine >= r.newLine && l.newLine < r.newLine + r.count)
          .map((l) => html`<span class="tpl-diff-same">${SIGN.same} ${l.text}</span>`)}</details>`
      : html`<span class="tpl-diff-${r.op}">${SIGN[r.op]} ${segments(r.segments)}</span>`,
  )}</div>`;
}

export function templateHistoryPage(v: HistoryView): SafeHtml {
  const path = editorPath(v.ref.name, v.ref.locale);
  const checked = (on: boolean) => (on ? raw(" checked") : "");
  return html`${flash(v.message)}
<p><a href="${path}">${t("tpl.backToEditor")}</a> · <a href="/admin/templates">${t("tpl.allTemplates")}</a></p>
<form method="post" action="${path}/rollback" id="rollback-form"><input type="hidden" name="_csrf" value="${v.csrfToken}"></form>
<form method="get" action="${path}/history">
<table class="tpl-history">
<thead><tr><th scope="col">${t("tpl.col.version")}</th><th scope="col">${t("tpl.col.from")}</th><th scope="col">${t("tpl.col.to")}</th><th scope="col">${t("tpl.col.when")}</th><th scope="col">${t("tpl.col.by")}</th><th scope="col">${t("tpl.col.note")}</th><th scope="col"></th></tr></thead>
<tbody>${v.versions.map(
    (x) => html`<tr data-version="${x.version}">
<td>${x.version === 0 ? t("tpl.defaultFile") : x.version}${x.version === v.activeVersion ? html` <strong>${t("tpl.activeMark")}</strong>` : ""}${x.isDefault && x.version !== 0 ? t("tpl.defaultMark") : ""}</td>
<td><input type="radio" name="from" value="${x.version}" aria-label="${t("tpl.compareFrom", { v: x.version })}"${checked(x.version === v.from)}></td>
<td><input type="radio" name="to" value="${x.version}" aria-label="${t("tpl.compareTo", { v: x.version })}"${checked(x.version === v.to)}></td>
<td>${when(x.createdAt)}</td>
<td>${x.author ?? ""}</td>
<td>${x.note ?? ""}</td>
<td>${x.version === v.activeVersion ? "" : html`<button type="submit" form="rollback-form" name="version" value="${x.version}">${t("tpl.rollbackTo", { v: x.version })}</button>`}</td>
</tr>`,
  )}</tbody>
</table>
<button type="submit">${t("tpl.compare")}</button>
</form>
${v.diff && v.from !== null && v.to !== null ? html`<h2>${t("tpl.changes", { from: v.from, to: v.to })}</h2>${diffBlock(v.diff)}${v.rendered ? sideBySide(v.from, v.to, v.rendered) : ""}` : ""}`;
}

function renderedPane(title: string, r: PreviewResult): SafeHtml {
  return html`<figure class="tpl-side-pane"><figcaption>${title}</figcaption>${
    r.ok
      ? html`<p class="tpl-subject">${r.rendered.subject}</p><iframe title="${title}" sandbox referrerpolicy="no-referrer" srcdoc="${r.rendered.html}"></iframe>`
      : html`<p role="alert">${t("tpl.noLongerRenders")}</p><ul>${r.errors.map((e) => html`<li>${problemWords(e)}</li>`)}</ul>`
  }</figure>`;
}

/** The rendered before and after, next to each other (issue 20). */
function sideBySide(from: number, to: number, r: { before: PreviewResult; after: PreviewResult }): SafeHtml {
  return html`<h2>${t("tpl.renderedSample")}</h2><div class="tpl-side">${renderedPane(t("tpl.before", { v: from }), r.before)}${renderedPane(t("tpl.after", { v: to }), r.after)}</div>`;
}
