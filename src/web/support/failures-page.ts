// Failures: failed jobs (retry, discard), replies that could not be delivered, and messages in
// the attention folder (re-process).
import { templateLabel } from "../views/words.js";
import { badge, when } from "../views/format.js";
import { userText } from "../views/user-text.js";
import { html, type SafeHtml } from "../views/html.js";
import { cell, cells, headRow } from "../views/table.js";
import type { Failures } from "./failures-data.js";
import { t } from "../i18n/catalog.js";
import { formatNumber as num } from "../i18n/format.js";

const NOTICE_KEYS = { retried: "fl.retried", discarded: "fl.discarded", reprocessed: "fl.reprocessed" } as const;
const notice_ = (n: string | undefined) => (n && Object.hasOwn(NOTICE_KEYS, n) ? t(NOTICE_KEYS[n as keyof typeof NOTICE_KEYS]) : null);

type Job = Failures["jobs"][number];
type Reply = Failures["replies"][number];
type Attention = Failures["attention"][number];

const JOB_COLUMNS = ["col.queue", "col.job", "col.request", "col.failed", "col.attempts", "col.error", "col.actions"] as const;
const REPLY_COLUMNS = ["col.request", "col.to", "col.reply", "col.status", "col.attempts", "col.error", "col.when"] as const;
const ATTENTION_COLUMNS = ["col.message", "col.received", "col.sender", "col.subject", "col.why", "col.action"] as const;

/** A table of rows under its column names, or `empty` when there are none. */
function listTable(labels: string[], rows: SafeHtml[], empty: string): SafeHtml {
  if (!rows.length) return html`<p>${empty}</p>`;
  return html`<div class="scroll"><table>${headRow(labels)}<tbody>
${rows}
</tbody></table></div>`;
}

const caseLink = (reference: string | null) => (reference ? html`<a href="/requests/${encodeURIComponent(reference)}">${reference}</a>` : "—");

/** A one-button form that posts the session's CSRF token to `action`. */
const button = (action: string, csrf: string, label: string) =>
  html`<form method="post" action="${action}" class="inline"><input type="hidden" name="_csrf" value="${csrf}"><button type="submit">${label}</button></form>`;

function jobRow(j: Job, csrf: string): SafeHtml {
  const at = `/failures/jobs/${encodeURIComponent(j.queue)}/${encodeURIComponent(j.id)}`;
  const actions = html`${button(`${at}/retry`, csrf, t("fl.retry"))} ${button(`${at}/discard`, csrf, t("fl.discard"))}`;
  const job = html`${j.name} <span class="muted">${j.id}</span>`;
  return html`<tr>${cells(j.queue, job, caseLink(j.reference), when(j.failedAt), j.attemptsMade)}${cell(j.failedReason, "error-text")}${cells(actions)}</tr>`;
}

function replyRow(r: Reply): SafeHtml {
  const template = html`<td title="${r.template}">${templateLabel(r.template)}</td>`;
  return html`<tr>${cells(caseLink(r.reference), r.to)}${template}${cells(badge("state", r.status), r.attempts)}${cell(r.error ?? "", "error-text")}${cells(
    when(r.at),
  )}</tr>`;
}

function attentionRow(a: Attention, csrf: string): SafeHtml {
  const reprocess = button(`/requests/${encodeURIComponent(a.reference)}/reprocess`, csrf, t("fl.reprocess"));
  const subject = cell(userText(a.subject), "subject");
  return html`<tr>${cells(caseLink(a.reference), when(a.receivedAt), userText(a.sender))}${subject}${cells(a.reason ?? "", reprocess)}</tr>`;
}

export function failuresBody(f: Failures, csrf: string, notice?: string, error?: string): SafeHtml {
  const jobs = listTable(
    JOB_COLUMNS.map((k) => t(k)),
    f.jobs.map((j) => jobRow(j, csrf)),
    t("fl.noJobs"),
  );
  const replies = listTable(
    REPLY_COLUMNS.map((k) => t(k)),
    f.replies.map(replyRow),
    t("fl.noUndelivered"),
  );
  const attention = listTable(
    ATTENTION_COLUMNS.map((k) => t(k)),
    f.attention.map((a) => attentionRow(a, csrf)),
    t("fl.attentionEmpty"),
  );
  return html`${notice_(notice) ? html`<p class="notice" role="status">${notice_(notice)}</p>` : ""}
${error ? html`<p class="error" role="alert">${error}</p>` : ""}
<section aria-labelledby="h-jobs"><h2 id="h-jobs">${t("fl.failedJobs")} (${num(f.jobs.length)})</h2>
${jobs}</section>
<section aria-labelledby="h-undelivered"><h2 id="h-undelivered">${t("fl.undelivered")} (${num(f.replies.length)})</h2>
<p class="muted">${t("fl.pinNote")}</p>
${replies}</section>
<section aria-labelledby="h-attention"><h2 id="h-attention">${t("fl.attention")} (${num(f.attention.length)})</h2>
${attention}</section>`;
}
