// /admin/templates/:outcome/:locale/history: every version, a diff of any two, and rollback.
import type { DiffLine } from "../../templates-admin/diff-lines.js";
import { diffView, type Segment } from "../../templates-admin/diff-view.js";
import type { PreviewResult } from "../../templates-admin/preview-template.js";
import type { TemplateVersionView } from "../../templates-admin/template-history.js";
import type { TemplateRef } from "../../templates-admin/template-ref.js";
import { html, raw, type SafeHtml } from "../views/layout.js";
import { editorPath, flash, when } from "./template-page-parts.js";

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
  if (!lines.some((l) => l.op !== "same")) return html`<p>These two versions are identical.</p>`;
  return html`<div class="tpl-diff">${diffView(lines).map((r) =>
    r.op === "fold"
      ? html`<details class="tpl-diff-fold"><summary>${r.count} unchanged lines (from line ${r.newLine})</summary>${lines
          .filter((l) => l.op === "same" && l.newLine !== null && l.newLine >= r.newLine && l.newLine < r.newLine + r.count)
          .map((l) => html`<span class="tpl-diff-same">${SIGN.same} ${l.text}</span>`)}</details>`
      : html`<span class="tpl-diff-${r.op}">${SIGN[r.op]} ${segments(r.segments)}</span>`,
  )}</div>`;
}

export function templateHistoryPage(v: HistoryView): SafeHtml {
  const path = editorPath(v.ref.name, v.ref.locale);
  const checked = (on: boolean) => (on ? raw(" checked") : "");
  return html`${flash(v.message)}
<p><a href="${path}">Back to the editor</a> · <a href="/admin/templates">All templates</a></p>
<form method="post" action="${path}/rollback" id="rollback-form"><input type="hidden" name="_csrf" value="${v.csrfToken}"></form>
<form method="get" action="${path}/history">
<table class="tpl-history">
<thead><tr><th scope="col">Version</th><th scope="col">From</th><th scope="col">To</th><th scope="col">When</th><th scope="col">By</th><th scope="col">Note</th><th scope="col"></th></tr></thead>
<tbody>${v.versions.map(
    (x) => html`<tr data-version="${x.version}">
<td>${x.version === 0 ? "0 (default file)" : x.version}${x.version === v.activeVersion ? html` <strong>active</strong>` : ""}${x.isDefault && x.version !== 0 ? " (default)" : ""}</td>
<td><input type="radio" name="from" value="${x.version}" aria-label="Compare from version ${x.version}"${checked(x.version === v.from)}></td>
<td><input type="radio" name="to" value="${x.version}" aria-label="Compare to version ${x.version}"${checked(x.version === v.to)}></td>
<td>${when(x.createdAt)}</td>
<td>${x.author ?? ""}</td>
<td>${x.note ?? ""}</td>
<td>${x.version === v.activeVersion ? "" : html`<button type="submit" form="rollback-form" name="version" value="${x.version}">Roll back to version ${x.version}</button>`}</td>
</tr>`,
  )}</tbody>
</table>
<button type="submit">Compare</button>
</form>
${v.diff && v.from !== null && v.to !== null ? html`<h2>Changes from version ${v.from} to version ${v.to}</h2>${diffBlock(v.diff)}${v.rendered ? sideBySide(v.from, v.to, v.rendered) : ""}` : ""}`;
}

function renderedPane(title: string, r: PreviewResult): SafeHtml {
  return html`<figure class="tpl-side-pane"><figcaption>${title}</figcaption>${
    r.ok
      ? html`<p class="tpl-subject">${r.rendered.subject}</p><iframe title="${title}" sandbox referrerpolicy="no-referrer" srcdoc="${r.rendered.html}"></iframe>`
      : html`<p role="alert">This version no longer renders:</p><ul>${r.errors.map((e) => html`<li>${e.part} line ${e.line}, column ${e.column}: ${e.message}</li>`)}</ul>`
  }</figure>`;
}

/** The rendered before and after, next to each other (issue 20). */
function sideBySide(from: number, to: number, r: { before: PreviewResult; after: PreviewResult }): SafeHtml {
  return html`<h2>Rendered with the sample data</h2><div class="tpl-side">${renderedPane(`Version ${from} (before)`, r.before)}${renderedPane(`Version ${to} (after)`, r.after)}</div>`;
}
