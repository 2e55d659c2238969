// Failures: failed jobs (retry, discard), replies that could not be delivered, and messages in
// the attention folder (re-process).
import { templateLabel } from "../views/words.js";
import { badge, when } from "../views/format.js";
import { userText } from "../views/user-text.js";
import { html, type SafeHtml } from "../views/html.js";
import type { Failures } from "./failures-data.js";
import { t } from "../i18n/catalog.js";
import { formatNumber as num } from "../i18n/format.js";

const NOTICE_KEYS = { retried: "fl.retried", discarded: "fl.discarded", reprocessed: "fl.reprocessed" } as const;
const notice_ = (n: string | undefined) => (n && Object.hasOwn(NOTICE_KEYS, n) ? t(NOTICE_KEYS[n as keyof typeof NOTICE_KEYS]) : null);

export function failuresBody(f: Failures, csrf: string, notice?: string, error?: string): SafeHtml {
  const jobForm = (queue: string, id: string, action: "retry" | "discard", label: string) =>
    html`<form method="post" action="/failures/jobs/${encodeURIComponent(queue)}/${encodeURIComponent(id)}/${action}" class="inline"><input type="hidden" name="_csrf" value="${csrf}"><button type="submit">${label}</button></form>`;
  return html`${notice_(notice) ? html`<p class="notice" role="status">${notice_(notice)}</p>` : ""}
${error ? html`<p class="error" role="alert">${error}</p>` : ""}
<section aria-labelledby="h-jobs"><h2 id="h-jobs">${t("fl.failedJobs")} (${num(f.jobs.length)})</h2>
${
  f.jobs.length
    ? html`<div class="scroll"><table><thead><tr><th scope="col">${t("col.queue")}</th><th scope="col">${t("col.job")}</th><th scope="col">${t("col.request")}</th><th scope="col">${t("col.failed")}</th><th scope="col">${t("col.attempts")}</th><th scope="col">${t("col.error")}</th><th scope="col">${t("col.actions")}</th></tr></thead><tbody>
${f.jobs.map((j) => html`<tr><td>${j.queue}</td><td>${j.name} <span class="muted">${j.id}</span></td><td>${j.reference ? html`<a href="/requests/${encodeURIComponent(j.reference)}">${j.reference}</a>` : "—"}</td><td>${when(j.failedAt)}</td><td>${j.attemptsMade}</td><td class="error-text">${j.failedReason}</td><td>${jobForm(j.queue, j.id, "retry", t("fl.retry"))} ${jobForm(j.queue, j.id, "discard", t("fl.discard"))}</td></tr>`)}
</tbody></table></div>`
    : html`<p>${t("fl.noJobs")}</p>`
}</section>
<section aria-labelledby="h-undelivered"><h2 id="h-undelivered">${t("fl.undelivered")} (${num(f.replies.length)})</h2>
<p class="muted">${t("fl.pinNote")}</p>
${
  f.replies.length
    ? html`<div class="scroll"><table><thead><tr><th scope="col">${t("col.request")}</th><th scope="col">${t("col.to")}</th><th scope="col">${t("col.reply")}</th><th scope="col">${t("col.status")}</th><th scope="col">${t("col.attempts")}</th><th scope="col">${t("col.error")}</th><th scope="col">${t("col.when")}</th></tr></thead><tbody>
${f.replies.map((r) => html`<tr><td>${r.reference ? html`<a href="/requests/${encodeURIComponent(r.reference)}">${r.reference}</a>` : "—"}</td><td>${r.to}</td><td title="${r.template}">${templateLabel(r.template)}</td><td>${badge("state", r.status)}</td><td>${r.attempts}</td><td class="error-text">${r.error ?? ""}</td><td>${when(r.at)}</td></tr>`)}
</tbody></table></div>`
    : html`<p>${t("fl.noUndelivered")}</p>`
}</section>
<section aria-labelledby="h-attention"><h2 id="h-attention">${t("fl.attention")} (${num(f.attention.length)})</h2>
${
  f.attention.length
    ? html`<div class="scroll"><table><thead><tr><th scope="col">${t("col.message")}</th><th scope="col">${t("col.received")}</th><th scope="col">${t("col.sender")}</th><th scope="col">${t("col.subject")}</th><th scope="col">${t("col.why")}</th><th scope="col">${t("col.action")}</th></tr></thead><tbody>
${f.attention.map((a) => html`<tr><td><a href="/requests/${encodeURIComponent(a.reference)}">${a.reference}</a></td><td>${when(a.receivedAt)}</td><td>${userText(a.sender)}</td><td class="subject">${userText(a.subject)}</td><td>${a.reason ?? ""}</td><td><form method="post" action="/requests/${encodeURIComponent(a.reference)}/reprocess" class="inline"><input type="hidden" name="_csrf" value="${csrf}"><button type="submit">${t("fl.reprocess")}</button></form></td></tr>`)}
</tbody></table></div>`
    : html`<p>${t("fl.attentionEmpty")}</p>`
}</section>`;
}
