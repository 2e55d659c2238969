// The manual review queue: highest priority and oldest first, due dates in business days,
// overdue cases marked in words (not colour alone).
import { due, when } from "../views/format.js";
import { userText } from "../views/user-text.js";
import { html, type SafeHtml } from "../views/html.js";
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
  const nav =
    paging && pages > 1
      ? html`<nav class="pager" aria-label="${t("rv.pages")}"><p>${paging.page > 1 ? html`<a rel="prev" href="/review?page=${paging.page - 1}">${t("rv.newer")}</a> ` : ""}${t("rv.pageOf", { page: paging.page, pages })}${paging.page < pages ? html` <a rel="next" href="/review?page=${paging.page + 1}">${t("rv.olderPage")}</a>` : ""}</p></nav>`
      : "";
  return html`<p data-live-text="count">${t("rv.count", { n: total })}${overdue ? html`, <strong class="overdue">${t("rv.overdue", { n: overdue })}</strong>` : ""}.</p>
<div class="scroll"><table class="review">
<thead><tr><th scope="col">${t("col.reference")}</th><th scope="col">${t("col.received")}</th><th scope="col">${t("col.sender")}</th><th scope="col">${t("col.name")}</th><th scope="col">${t("col.subject")}</th><th scope="col">${t("col.why")}</th><th scope="col">${t("col.priority")}</th><th scope="col">${t("col.due")}</th><th scope="col">${t("col.assigned")}</th></tr></thead>
<tbody>${cases.map(
    (c) =>
      html`<tr data-ref="${c.reference}"${c.dueAt && new Date(c.dueAt) < now ? html` class="is-overdue"` : ""}><td><a href="/requests/${encodeURIComponent(c.reference)}">${c.reference}</a></td><td>${when(c.receivedAt)}</td><td>${userText(c.sender)}</td><td>${c.name ? userText(c.name) : "—"}</td><td class="subject">${userText(c.subject)}</td><td>${c.reviewReason ?? "—"}</td><td>${c.priority ? html`<strong>${t("rv.followUps", { n: c.priority })}</strong>` : "—"}</td><td>${due(c.dueAt, "review", now)}</td><td>${c.assignedTo ?? html`<span class="muted">${t("rv.nobody")}</span>`}</td></tr>`,
  )}</tbody></table></div>
${nav}`;
}
