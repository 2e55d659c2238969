// The manual review queue: highest priority and oldest first, due dates in business days,
// overdue cases marked in words (not colour alone).
import { due, when } from "../views/format.js";
import { userText } from "../views/user-text.js";
import { html, type SafeHtml } from "../views/html.js";
import type { ListedRequest } from "./request-data.js";
import { t } from "../i18n/catalog.js";

export function reviewBody(cases: ListedRequest[], now: Date): SafeHtml {
  if (!cases.length) return html`<p role="status">${t("rv.nothing")}</p>`;
  const overdue = cases.filter((c) => c.dueAt && new Date(c.dueAt) < now).length;
  return html`<p data-live-text="count">${t("rv.count", { n: cases.length })}${overdue ? html`, <strong class="overdue">${t("rv.overdue", { n: overdue })}</strong>` : ""}.</p>
<div class="scroll"><table class="review">
<thead><tr><th scope="col">${t("col.reference")}</th><th scope="col">${t("col.received")}</th><th scope="col">${t("col.sender")}</th><th scope="col">${t("col.name")}</th><th scope="col">${t("col.subject")}</th><th scope="col">${t("col.why")}</th><th scope="col">${t("col.priority")}</th><th scope="col">${t("col.due")}</th><th scope="col">${t("col.assigned")}</th></tr></thead>
<tbody>${cases.map(
    (c) => html`<tr data-ref="${c.reference}"${c.dueAt && new Date(c.dueAt) < now ? html` class="is-overdue"` : ""}><td><a href="/requests/${encodeURIComponent(c.reference)}">${c.reference}</a></td><td>${when(c.receivedAt)}</td><td>${userText(c.sender)}</td><td>${c.name ? userText(c.name) : "—"}</td><td class="subject">${userText(c.subject)}</td><td>${c.reviewReason ?? "—"}</td><td>${c.priority ? html`<strong>${t("rv.followUps", { n: c.priority })}</strong>` : "—"}</td><td>${due(c.dueAt, "review", now)}</td><td>${c.assignedTo ?? html`<span class="muted">${t("rv.nobody")}</span>`}</td></tr>`,
  )}</tbody></table></div>`;
}
