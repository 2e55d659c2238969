// One request: what it said, what pinmail and staff did (the audit timeline), the replies as the
// person saw them (PIN masked), follow-ups, and the review actions that apply to its state.
import { decisionPanel, type RejectDraft } from "./decision-panel.js";
import { messagePanel } from "./message-panel.js";
import { eventWords, NAME_SOURCES, reasonWords } from "./timeline-words.js";
import { staffDay } from "../views/staff-clock.js";
import { badge, due, when } from "../views/format.js";
import { localeLabel, templateLabel } from "../views/words.js";
import { userText } from "../views/user-text.js";
import { html, type SafeHtml } from "../views/html.js";
import type { RequestDetail } from "./request-data.js";
import { HOLD_NOTICES, holdSection } from "./hold-parts.js";

const NOTICES: Record<string, string> = {
  approved: "Approved: a new PIN was issued for the registered address.",
  rejected: "Rejected: the reply was queued.",
  closed: "Closed without a reply.",
  "name-corrected": "Name corrected and verification run again.",
  assigned: "The case is assigned to you.",
  reopened: "Reopened: the case is back in manual review.",
  reprocessed: "Re-processed.",
  ...HOLD_NOTICES,
};

const ROLE_WORDS: Record<string, string> = { primary: "primary user", secondary: "secondary user", branch: "branch user" };

function field(label: string, value: SafeHtml | string | null): SafeHtml {
  return html`<dt>${label}</dt><dd>${value ?? html`<span class="muted">—</span>`}</dd>`;
}

/** The sender authentication result in words (issue 13.8): what our mail server said about the sender. */
function senderAuthWords(status: string | null, reason: string | null): SafeHtml | null {
  const words: Record<string, string> = { pass: "Passed", fail: "Failed", none: "Not confirmed" };
  if (!status) return null;
  const label = words[status] ?? status;
  return html`<strong>${label}</strong>${reason ? html` <span class="muted">(${reason})</span>` : ""}`;
}

function actionForm(ref: string, action: string, csrf: string, version: number, inner: SafeHtml, button: string, cls = ""): SafeHtml {
  return html`<form method="post" action="/requests/${encodeURIComponent(ref)}/${action}" class="action ${cls}">
<input type="hidden" name="_csrf" value="${csrf}"><input type="hidden" name="version" value="${version}">
${inner}<button type="submit">${button}</button></form>`;
}

function actions(r: RequestDetail, csrf: string, d: RejectDraft): SafeHtml {
  if (r.partOfCase) {
    const c = encodeURIComponent(r.partOfCase);
    return html`<section aria-labelledby="h-actions" class="card"><h2 id="h-actions">Part of a case</h2>
<p>This follow-up came in while the person's earlier request <a href="/requests/${c}">${r.partOfCase}</a> was in review. It is decided with that case: open <a href="/requests/${c}">${r.partOfCase}</a> to decide.</p></section>`;
  }
  if (r.state === "review") return decisionPanel(r, csrf, d);
  if (r.state === "answered" || r.state === "ignored") {
    return html`<section aria-labelledby="h-actions" class="card"><h2 id="h-actions">Reopen</h2>
${actionForm(r.reference, "reopen", csrf, r.version, html`<label for="note">Why (e.g. the records have a typo)</label><input id="note" name="note" required maxlength="500">`, "Reopen for review")}
</section>`;
  }
  if (r.state === "failed" && r.disposition === "attention") {
    return html`<section aria-labelledby="h-actions" class="card"><h2 id="h-actions">Attention folder</h2><p>This message could not be processed: ${r.ignoredReason ?? "unknown reason"}.</p>
${actionForm(r.reference, "reprocess", csrf, r.version, html``, "Re-process")}</section>`;
  }
  return html``;
}

/**
 * The notice after an action. After a decision it also says what became of its reply (issue 20):
 * never "on its way" when it cannot go; a reply refused for good is on the Failures page already.
 */
function noticeOf(r: RequestDetail, notice: string | undefined): SafeHtml {
  if (!notice || !NOTICES[notice]) return html``;
  const last = notice === "approved" || notice === "rejected" ? [...r.replies].reverse().find((o) => o.purpose === "decision") : undefined;
  if (last && (last.status === "undeliverable" || last.status === "failed")) {
    return html`<p class="error" role="alert">${NOTICES[notice]} The reply to ${userText(last.to)} could not be sent${last.lastError ? html`: ${last.lastError}` : ""}. It is listed on the <a href="/failures">Failures page</a>.</p>`;
  }
  const after = !last
    ? ""
    : last.status === "sent"
      ? html` The reply was sent to ${userText(last.to)} ${when(last.sentAt)}.`
      : html` The reply to ${userText(last.to)} is waiting to be sent.`;
  return html`<p class="notice" role="status">${NOTICES[notice]}${after}</p>`;
}

export function requestBody(r: RequestDetail, csrf: string, now: Date, notice?: string, error?: string, isAdmin = false, d: RejectDraft = {}): SafeHtml {
  const ref = encodeURIComponent(r.reference);
  return html`${noticeOf(r, notice)}
${error ? html`<p class="error" role="alert">${error}</p>` : ""}
<div class="columns">
<section aria-labelledby="h-request" class="card"><h2 id="h-request">Request</h2>
<dl class="pairs">
${field("Subject", html`<span class="subject">${userText(r.subject)}</span>`)}
${field("From", html`${r.senderName ? html`${userText(r.senderName)} ` : ""}&lt;${userText(r.sender)}&gt;`)}
${field("Received", when(r.receivedAt))}
${field("Taken by pinmail", when(r.takenAt))}
${field("Kind", r.kind === "reset" ? "PIN reset request" : r.kind === "follow-up" ? "Follow-up" : r.kind)}
${field("State", badge("state", r.state))}
${field("Outcome", badge("outcome", r.outcome))}
${field("Parsed name", r.name ? html`${userText(r.name)} <span class="muted">(from ${NAME_SOURCES[r.nameSource ?? ""] ?? "the message"})</span>` : null)}
${field("Language", r.language ? localeLabel(r.language) : null)}
${r.kind ? field("Sender authentication", senderAuthWords(r.senderAuth, r.senderAuthReason)) : ""}
${r.reviewReason ? field("Review reason", reasonWords(r.reviewReason)) : ""}
${r.ignoredReason ? field("Why not answered", reasonWords(r.ignoredReason)) : ""}
${r.state === "review" && !r.partOfCase ? field("Due", due(r.dueAt, r.state, now)) : ""}
${field("Matched person", r.user ? html`<a href="/people/${r.user.id}">${userText(`${r.user.firstName} ${r.user.lastName}`)}</a> (${ROLE_WORDS[r.user.role] ?? r.user.role}, ${r.user.organization.name}${r.user.branch ? html`, ${r.user.branch.name}` : ""})` : null)}
${field("PIN", r.pin ? html`issued ${when(r.pin.issuedAt)}; ${r.pin.usedAt ? html`used ${when(r.pin.usedAt)}` : r.pin.revokedAt ? html`revoked ${when(r.pin.revokedAt)}` : html`expires ${when(r.pin.expiresAt)}`}` : null)}
${r.parent ? field("Follow-up of", html`<a href="/requests/${encodeURIComponent(r.parent)}">${r.parent}</a>`) : ""}
${field("Raw source", r.rawPurgedAt ? html`removed by the retention purge on ${when(r.rawPurgedAt)} (${r.rawSize} bytes)` : html`<a href="/requests/${ref}/raw" download>${r.reference}.eml</a> (${r.rawSize} bytes)`)}
</dl></section>
${actions(r, csrf, d)}
</div>
${messagePanel(r)}
${holdSection("request", `/requests/${ref}`, r.hold, csrf, isAdmin)}
${r.followUps.length ? html`<section aria-labelledby="h-follow"><h2 id="h-follow">Follow-ups</h2><ul>${r.followUps.map((f) => html`<li><a href="/requests/${encodeURIComponent(f.reference)}">${f.reference}</a> ${when(f.receivedAt)} ${badge("state", f.state)} ${badge("outcome", f.outcome)}</li>`)}</ul></section>` : ""}
<section aria-labelledby="h-timeline"><h2 id="h-timeline">Timeline</h2>
<ol class="timeline">${r.events.map((e) => {
    // In words (issue 20); the machine's own record folded away for those who want it.
    const w = eventWords(e, staffDay);
    return html`<li><span class="when">${when(e.at)}</span> <span class="event" data-type="${e.type}">${userText(w.text)}</span>
<details class="detail"><summary>Details</summary><dl class="pairs">${w.technical.map(([k, v]) => html`<dt>${k}</dt><dd>${userText(v)}</dd>`)}</dl></details></li>`;
  })}</ol></section>
<section aria-labelledby="h-replies"><h2 id="h-replies">Replies</h2>
${
  r.replies.length
    ? r.replies.map(
        (o) => html`<article class="reply card"><h3>${userText(o.subject)}</h3>
<p>To ${o.to} · <span title="${o.template}">${templateLabel(o.template)}</span> in ${localeLabel(o.locale)} · ${badge("state", o.status)} · created ${when(o.createdAt)}${o.sentAt ? html` · sent ${when(o.sentAt)}` : ""}${o.lastError ? html` · <span class="error">${o.lastError}</span>` : ""}</p>
<details><summary>Text as sent (PIN masked)</summary><pre>${o.text}</pre></details>
<details><summary>HTML as sent (PIN masked)</summary><iframe title="Reply ${o.id} as HTML" sandbox src="/requests/${ref}/replies/${o.id}/html" loading="lazy"></iframe></details>
</article>`,
      )
    : html`<p>No reply.</p>`
}
</section>`;
}

export type { RejectDraft };
