// One request: what it said, what pinmail and staff did (the audit timeline), the replies as the
// person saw them (PIN masked), follow-ups, and the review actions that apply to its state.
import { decisionPanel, type RejectDraft } from "./decision-panel.js";
import { messagePanel } from "./message-panel.js";
import { eventWords, nameSourceWords, reasonWords } from "./timeline-words.js";
import { staffTimeZone } from "../views/staff-clock.js";
import { fullDayFormat } from "../i18n/format.js";
import { badge, due, when } from "../views/format.js";
import { localeLabel, templateLabel } from "../views/words.js";
import { userText } from "../views/user-text.js";
import { html, type SafeHtml } from "../views/html.js";
import { pair } from "../views/table.js";
import type { RequestDetail } from "./request-data.js";
import { HOLD_NOTICES, holdSection } from "./hold-parts.js";
import { t } from "../i18n/catalog.js";
import { reviewErrorWords, type ActionError } from "./review-errors.js";

// The notices after an action, by the `done` value of the redirect; words in the page's language.
const ACTION_NOTICES = ["approved", "rejected", "closed", "name-corrected", "assigned", "reopened", "reprocessed"] as const;

const isActionNotice = (n: string): n is (typeof ACTION_NOTICES)[number] => (ACTION_NOTICES as readonly string[]).includes(n);

function noticeWords(notice: string): string | undefined {
  return isActionNotice(notice) ? t(`cs.n.${notice}`) : HOLD_NOTICES[notice];
}

const roleWords = (role: string) => (role === "primary" || role === "secondary" || role === "branch" ? t(`cs.role.${role}`) : role);

function field(label: string, value: SafeHtml | string | null): SafeHtml {
  return html`<dt>${label}</dt><dd>${value ?? html`<span class="muted">—</span>`}</dd>`;
}

/** The sender authentication result in words (issue 13.8): what our mail server said about the sender. */
function senderAuthWords(status: string | null, reason: string | null): SafeHtml | null {
  if (!status) return null;
  const label = status === "pass" || status === "fail" || status === "none" ? t(`cs.auth.${status}`) : status;
  return html`<strong>${label}</strong>${reason ? html` <span class="muted">(${reason})</span>` : ""}`;
}

function actionForm(ref: string, action: string, csrf: string, version: number, inner: SafeHtml, button: string, cls = ""): SafeHtml {
  return html`<form method="post" action="/requests/${encodeURIComponent(ref)}/${action}" class="action ${cls}">
<input type="hidden" name="_csrf" value="${csrf}"><input type="hidden" name="version" value="${version}">
${inner}<button type="submit">${button}</button></form>`;
}

const reopenNote = () => html`<label for="note">${t("cs.reopenWhy")}</label><input id="note" name="note" required maxlength="500">`;

function actions(r: RequestDetail, csrf: string, d: RejectDraft): SafeHtml {
  if (r.partOfCase) {
    const c = encodeURIComponent(r.partOfCase);
    return html`<section aria-labelledby="h-actions" class="card"><h2 id="h-actions">${t("cs.partOfCase")}</h2>
<p>${t("cs.partA")} <a href="/requests/${c}">${r.partOfCase}</a> ${t("cs.partB")} <a href="/requests/${c}">${r.partOfCase}</a> ${t("cs.partC")}</p></section>`;
  }
  if (r.state === "review") return decisionPanel(r, csrf, d);
  if (r.state === "answered" || r.state === "ignored") {
    return html`<section aria-labelledby="h-actions" class="card"><h2 id="h-actions">${t("cs.reopen")}</h2>
${actionForm(r.reference, "reopen", csrf, r.version, reopenNote(), t("cs.reopenButton"))}
</section>`;
  }
  if (r.state === "failed" && r.disposition === "attention") {
    const why = t("cs.couldNotProcess", { why: r.ignoredReason ?? t("cs.unknownReason") });
    return html`<section aria-labelledby="h-actions" class="card"><h2 id="h-actions">${t("fl.attention")}</h2><p>${why}</p>
${actionForm(r.reference, "reprocess", csrf, r.version, html``, t("fl.reprocess"))}</section>`;
  }
  return html``;
}

/**
 * The notice after an action. After a decision it also says what became of its reply (issue 20):
 * never "on its way" when it cannot go; a reply refused for good is on the Failures page already.
 */
function noticeOf(r: RequestDetail, notice: string | undefined): SafeHtml {
  const words = notice ? noticeWords(notice) : undefined;
  if (!notice || !words) return html``;
  const last = notice === "approved" || notice === "rejected" ? [...r.replies].reverse().find((o) => o.purpose === "decision") : undefined;
  if (last && (last.status === "undeliverable" || last.status === "failed")) {
    const error = last.lastError ? html`: ${last.lastError}` : "";
    const listed = html`${t("cs.listedOn")} <a href="/failures">${t("cs.failuresPage")}</a>`;
    return html`<p class="error" role="alert">${words} ${t("cs.replyToA")} ${userText(last.to)} ${t("cs.notSent")}${error}. ${listed}.</p>`;
  }
  const after = !last
    ? ""
    : last.status === "sent"
      ? html` ${t("cs.sentTo")} ${userText(last.to)} ${when(last.sentAt)}.`
      : html` ${t("cs.replyToA")} ${userText(last.to)} ${t("cs.waiting")}`;
  return html`<p class="notice" role="status">${words}${after}</p>`;
}

export function requestBody(r: RequestDetail, csrf: string, now: Date, notice?: string, error?: ActionError, isAdmin = false, d: RejectDraft = {}): SafeHtml {
  const ref = encodeURIComponent(r.reference);
  return html`${noticeOf(r, notice)}
${error ? html`<p class="error" role="alert">${reviewErrorWords(error)}</p>` : ""}
<div class="columns">
<section aria-labelledby="h-request" class="card"><h2 id="h-request">${t("cs.request")}</h2>
<dl class="pairs">
${field(t("col.subject"), html`<span class="subject">${userText(r.subject)}</span>`)}
${field(t("cs.from"), html`${r.senderName ? html`${userText(r.senderName)} ` : ""}&lt;${userText(r.sender)}&gt;`)}
${field(t("col.received"), when(r.receivedAt))}
${field(t("cs.taken"), when(r.takenAt))}
${field(t("cs.kind"), r.kind === "reset" ? t("cs.kindReset") : r.kind === "follow-up" ? t("cs.kindFollowUp") : r.kind)}
${field(t("col.state"), badge("state", r.state))}
${field(t("col.outcome"), badge("outcome", r.outcome))}
${field(t("cs.parsedName"), r.name ? html`${userText(r.name)} <span class="muted">${t("cs.fromSource", { src: nameSourceWords(r.nameSource) })}</span>` : null)}
${field(t("pp.language"), r.language ? localeLabel(r.language) : null)}
${r.kind ? field(t("cs.senderAuth"), senderAuthWords(r.senderAuth, r.senderAuthReason)) : ""}
${r.reviewReason ? field(t("cs.reviewReason"), reasonWords(r.reviewReason)) : ""}
${r.ignoredReason ? field(t("cs.whyNotAnswered"), reasonWords(r.ignoredReason)) : ""}
${r.state === "review" && !r.partOfCase ? field(t("col.due"), due(r.dueAt, r.state, now)) : ""}
${field(t("cs.matched"), r.user ? matchedPerson(r.user) : null)}
${field(t("cs.pin"), r.pin ? pinWords(r.pin) : null)}
${r.parent ? field(t("cs.followUpOf"), html`<a href="/requests/${encodeURIComponent(r.parent)}">${r.parent}</a>`) : ""}
${field(t("cs.raw"), rawSource(r))}
</dl></section>
${actions(r, csrf, d)}
</div>
${messagePanel(r)}
${holdSection("request", `/requests/${ref}`, r.hold, csrf, isAdmin)}
${r.followUps.length ? followUps(r.followUps) : ""}
<section aria-labelledby="h-timeline"><h2 id="h-timeline">${t("cs.timeline")}</h2>
<ol class="timeline">${r.events.map(timelineItem)}</ol></section>
<section aria-labelledby="h-replies"><h2 id="h-replies">${t("cs.replies")}</h2>
${r.replies.length ? r.replies.map((o) => replyArticle(o, ref)) : html`<p>${t("cs.noReply")}</p>`}
</section>`;
}

function matchedPerson(u: NonNullable<RequestDetail["user"]>): SafeHtml {
  const where = html`${u.organization.name}${u.branch ? html`, ${u.branch.name}` : ""}`;
  return html`<a href="/people/${u.id}">${userText(`${u.firstName} ${u.lastName}`)}</a> (${roleWords(u.role)}, ${where})`;
}

function pinWords(p: NonNullable<RequestDetail["pin"]>): SafeHtml {
  const then = p.usedAt
    ? html`${t("cs.pinUsed")} ${when(p.usedAt)}`
    : p.revokedAt
      ? html`${t("cs.pinRevoked")} ${when(p.revokedAt)}`
      : html`${t("cs.pinExpires")} ${when(p.expiresAt)}`;
  return html`${t("cs.pinIssued")} ${when(p.issuedAt)}; ${then}`;
}

/** The .eml download, or when the retention purge removed it. */
function rawSource(r: RequestDetail): SafeHtml {
  const size = t("cs.bytes", { n: r.rawSize });
  if (r.rawPurgedAt) return html`${t("cs.purged")} ${when(r.rawPurgedAt)} ${size}`;
  return html`<a href="/requests/${encodeURIComponent(r.reference)}/raw" download>${r.reference}.eml</a> ${size}`;
}

function followUps(list: RequestDetail["followUps"]): SafeHtml {
  const item = (f: RequestDetail["followUps"][number]) =>
    html`<li><a href="/requests/${encodeURIComponent(f.reference)}">${f.reference}</a> ${when(f.receivedAt)} ${badge("state", f.state)} ${badge("outcome", f.outcome)}</li>`;
  return html`<section aria-labelledby="h-follow"><h2 id="h-follow">${t("cs.followUps")}</h2><ul>${list.map(item)}</ul></section>`;
}

/** An event in words (issue 20); the machine's own record folded away for those who want it. */
function timelineItem(e: RequestDetail["events"][number]): SafeHtml {
  const w = eventWords(e, (iso) => fullDayFormat(staffTimeZone()).format(new Date(iso)));
  const technical = w.technical.map(([k, v]) => pair(k, userText(v)));
  return html`<li><span class="when">${when(e.at)}</span> <span class="event" data-type="${e.type}">${userText(w.text)}</span>
<details class="detail"><summary>${t("cs.details")}</summary><dl class="pairs">${technical}</dl></details></li>`;
}

function replyArticle(o: RequestDetail["replies"][number], ref: string): SafeHtml {
  const template = html`<span title="${o.template}">${templateLabel(o.template)}</span> ${t("cs.inLang", { lang: localeLabel(o.locale) })}`;
  const sent = o.sentAt ? html` · ${t("cs.sent")} ${when(o.sentAt)}` : "";
  const error = o.lastError ? html` · <span class="error">${o.lastError}</span>` : "";
  const frame = html`<iframe title="${t("cs.replyFrame", { id: String(o.id) })}" sandbox src="/requests/${ref}/replies/${o.id}/html" loading="lazy"></iframe>`;
  return html`<article class="reply card"><h3>${userText(o.subject)}</h3>
<p>${t("cs.replyTo")} ${o.to} · ${template} · ${badge("state", o.status)} · ${t("cs.created")} ${when(o.createdAt)}${sent}${error}</p>
<details><summary>${t("cs.textAsSent")}</summary><pre>${o.text}</pre></details>
<details><summary>${t("cs.htmlAsSent")}</summary>${frame}</details>
</article>`;
}

export type { RejectDraft };
