// Failures: failed jobs (retry, discard), replies that could not be delivered, and messages in
// the attention folder (re-process).
import { badge, when } from "../views/format.js";
import { userText } from "../views/user-text.js";
import { html, type SafeHtml } from "../views/html.js";
import type { Failures } from "./failures-data.js";

const NOTICES: Record<string, string> = { retried: "The job runs again.", discarded: "The job was discarded.", reprocessed: "The message was re-processed." };

export function failuresBody(f: Failures, csrf: string, notice?: string, error?: string): SafeHtml {
  const jobForm = (queue: string, id: string, action: "retry" | "discard", label: string) =>
    html`<form method="post" action="/failures/jobs/${encodeURIComponent(queue)}/${encodeURIComponent(id)}/${action}" class="inline"><input type="hidden" name="_csrf" value="${csrf}"><button type="submit">${label}</button></form>`;
  return html`${notice && NOTICES[notice] ? html`<p class="notice" role="status">${NOTICES[notice]}</p>` : ""}
${error ? html`<p class="error" role="alert">${error}</p>` : ""}
<section aria-labelledby="h-jobs"><h2 id="h-jobs">Failed jobs (${f.jobs.length})</h2>
${f.jobs.length
  ? html`<div class="scroll"><table><thead><tr><th scope="col">Queue</th><th scope="col">Job</th><th scope="col">Request</th><th scope="col">Failed</th><th scope="col">Attempts</th><th scope="col">Error</th><th scope="col">Actions</th></tr></thead><tbody>
${f.jobs.map((j) => html`<tr><td>${j.queue}</td><td>${j.name} <span class="muted">${j.id}</span></td><td>${j.reference ? html`<a href="/requests/${encodeURIComponent(j.reference)}">${j.reference}</a>` : "—"}</td><td>${when(j.failedAt)}</td><td>${j.attemptsMade}</td><td class="error-text">${j.failedReason}</td><td>${jobForm(j.queue, j.id, "retry", "Retry")} ${jobForm(j.queue, j.id, "discard", "Discard")}</td></tr>`)}
</tbody></table></div>`
  : html`<p>No failed jobs.</p>`}</section>
<section aria-labelledby="h-undelivered"><h2 id="h-undelivered">Undelivered replies (${f.replies.length})</h2>
<p class="muted">A reply that carried a PIN cannot be sent again (its PIN was destroyed with it): its request went to manual review, where approving issues a new one.</p>
${f.replies.length
  ? html`<div class="scroll"><table><thead><tr><th scope="col">Request</th><th scope="col">To</th><th scope="col">Reply</th><th scope="col">Status</th><th scope="col">Attempts</th><th scope="col">Error</th><th scope="col">When</th></tr></thead><tbody>
${f.replies.map((r) => html`<tr><td>${r.reference ? html`<a href="/requests/${encodeURIComponent(r.reference)}">${r.reference}</a>` : "—"}</td><td>${r.to}</td><td>${r.template}</td><td>${badge("state", r.status)}</td><td>${r.attempts}</td><td class="error-text">${r.error ?? ""}</td><td>${when(r.at)}</td></tr>`)}
</tbody></table></div>`
  : html`<p>No undelivered replies.</p>`}</section>
<section aria-labelledby="h-attention"><h2 id="h-attention">Attention folder (${f.attention.length})</h2>
${f.attention.length
  ? html`<div class="scroll"><table><thead><tr><th scope="col">Message</th><th scope="col">Received</th><th scope="col">Sender</th><th scope="col">Subject</th><th scope="col">Why</th><th scope="col">Action</th></tr></thead><tbody>
${f.attention.map((a) => html`<tr><td><a href="/requests/${encodeURIComponent(a.reference)}">${a.reference}</a></td><td>${when(a.receivedAt)}</td><td>${userText(a.sender)}</td><td class="subject">${userText(a.subject)}</td><td>${a.reason ?? ""}</td><td><form method="post" action="/requests/${encodeURIComponent(a.reference)}/reprocess" class="inline"><input type="hidden" name="_csrf" value="${csrf}"><button type="submit">Re-process</button></form></td></tr>`)}
</tbody></table></div>`
  : html`<p>The attention folder is empty.</p>`}</section>`;
}
