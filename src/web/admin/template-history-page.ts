// /admin/templates/:outcome/:locale/history: every version, a diff of any two, and rollback.
import type { DiffLine } from "../../templates-admin/diff-lines.js";
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
  csrfToken: string;
  message: string | null;
}

const SIGN = { same: " ", add: "+", remove: "-" } as const;

function diffBlock(lines: readonly DiffLine[]): SafeHtml {
  if (!lines.some((l) => l.op !== "same")) return html`<p>These two versions are identical.</p>`;
  return html`<pre class="tpl-diff">${lines.map((l) => html`<span class="tpl-diff-${l.op}">${SIGN[l.op]} ${l.text}</span>${raw("\n")}`)}</pre>`;
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
${v.diff && v.from !== null && v.to !== null ? html`<h2>Changes from version ${v.from} to version ${v.to}</h2>${diffBlock(v.diff)}` : ""}`;
}
