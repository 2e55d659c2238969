// The manual review queue: highest priority and oldest first, due dates in business days,
// overdue cases marked in words (not colour alone).
import { due, when } from "../views/format.js";
import { userText } from "../views/user-text.js";
import { html, type SafeHtml } from "../views/html.js";
import { cell, cells, headRow } from "../views/table.js";
import type { ListedRequest } from "./request-data.js";
import { t } from "../i18n/catalog.js";

/** A page of the queue: its number, its size, and the totals of the whole queue. */
export interface ReviewPaging {
  page: number;
  pageSize: number;
  open: number;
  overdue: number;
}

export function reviewBody(cases: ListedRequest[], now: Date, paging?: ReviewPaging): SafeHtml {
  if (!cases.length && (!paging || paging.page === 1)) return html`<p role="status">${t("rv.nothing")}</p>`;
  const overdue = paging ? paging.overdue : cases.filter((c) => c.dueAt && new Date(c.dueAt) < now).length;
  const total = paging ? paging.open : cases.length;
  const pages = paging ? Math.max(1, Math.ceil(paging.open / paging.pageSize)) : 1;
  const nav = paging && pages > 1 ? pager(paging.page, pages) : "";
  const overdueNote = overdue ? html`, <strong class="overdue">${t("rv.overdue", { n: overdue })}</strong>` : "";
  return html`<p data-live-text="count">${t("rv.count", { n: total })}${overdueNote}.</p>
<div class="scroll"><table class="review">
${headRow(COLUMNS.map((k) => t(k)))}
<tbody>${cases.map((c) => caseRow(c, now))}</tbody></table></div>
${nav}`;
}

const COLUMNS = ["col.reference", "col.received", "col.sender", "col.name", "col.subject", "col.why", "col.priority", "col.due", "col.assigned"] as const;

/** Newer and older pages around "page n of m". */
function pager(page: number, pages: number): SafeHtml {
  const prev = page > 1 ? html`<a rel="prev" href="/review?page=${page - 1}">${t("rv.newer")}</a> ` : "";
  const next = page < pages ? html` <a rel="next" href="/review?page=${page + 1}">${t("rv.olderPage")}</a>` : "";
  return html`<nav class="pager" aria-label="${t("rv.pages")}"><p>${prev}${t("rv.pageOf", { page, pages })}${next}</p></nav>`;
}

function caseRow(c: ListedRequest, now: Date): SafeHtml {
  const overdue = c.dueAt && new Date(c.dueAt) < now ? html` class="is-overdue"` : "";
  const link = html`<a href="/requests/${encodeURIComponent(c.reference)}">${c.reference}</a>`;
  const priority = c.priority ? html`<strong>${t("rv.followUps", { n: c.priority })}</strong>` : "—";
  const assigned = c.assignedTo ?? html`<span class="muted">${t("rv.nobody")}</span>`;
  return html`<tr data-ref="${c.reference}"${overdue}>${cells(link, when(c.receivedAt), userText(c.sender), c.name ? userText(c.name) : "—")}${cell(
    userText(c.subject),
    "subject",
  )}${cells(c.reviewReason ?? "—", priority, due(c.dueAt, "review", now), assigned)}</tr>`;
}
