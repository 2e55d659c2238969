// The manual review queue: highest priority and oldest first, due dates in business days,
// overdue cases marked in words (not colour alone).
import { due, when } from "../views/format.js";
import { userText } from "../views/user-text.js";
import { html, type SafeHtml } from "../views/html.js";
import type { ListedRequest } from "./request-data.js";

export function reviewBody(cases: ListedRequest[], now: Date): SafeHtml {
  if (!cases.length) return html`<p role="status">Nothing waits for a person. 🎉</p>`;
  const overdue = cases.filter((c) => c.dueAt && new Date(c.dueAt) < now).length;
  return html`<p>${cases.length} case${cases.length === 1 ? "" : "s"} in review${overdue ? html`, <strong class="overdue">${overdue} overdue</strong>` : ""}.</p>
<div class="scroll"><table class="review">
<thead><tr><th scope="col">Reference</th><th scope="col">Received</th><th scope="col">Sender</th><th scope="col">Name</th><th scope="col">Subject</th><th scope="col">Why</th><th scope="col">Priority</th><th scope="col">Due</th><th scope="col">Assigned</th></tr></thead>
<tbody>${cases.map(
    (c) => html`<tr${c.dueAt && new Date(c.dueAt) < now ? html` class="is-overdue"` : ""}><td><a href="/requests/${encodeURIComponent(c.reference)}">${c.reference}</a></td><td>${when(c.receivedAt)}</td><td>${userText(c.sender)}</td><td>${c.name ? userText(c.name) : "—"}</td><td class="subject">${userText(c.subject)}</td><td>${c.reviewReason ?? "—"}</td><td>${c.priority ? html`<strong>${c.priority} follow-up${c.priority === 1 ? "" : "s"}</strong>` : "—"}</td><td>${due(c.dueAt, "review", now)}</td><td>${c.assignedTo ?? html`<span class="muted">nobody</span>`}</td></tr>`,
  )}</tbody></table></div>`;
}
