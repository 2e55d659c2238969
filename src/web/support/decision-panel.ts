// The "Decide" card of a case in review (issue 20): what the rules say about the person and the
// organization, what the bot would have answered and why, what to do instead; Approve only when
// the rules allow a PIN; the reject form with the internal note apart from the message that goes
// out, the reply chosen by its label, and a preview of exactly what will be sent.
import { REJECT_TEMPLATES, type ReplyPreview } from "../../review/reject-request.js";
import { when } from "../views/format.js";
import { html, type SafeHtml } from "../views/html.js";
import { pair } from "../views/table.js";
import { userText } from "../views/user-text.js";
import { localeLabel, outcomeLabel, templateLabel } from "../views/words.js";
import type { RequestDetail } from "./request-data.js";
import { t } from "../i18n/catalog.js";

export interface RejectDraft {
  preview?: ReplyPreview;
  draft?: { reason: string; message: string; template: string };
}

function form(ref: string, action: string, csrf: string, version: number, inner: SafeHtml, button: SafeHtml | string, cls = ""): SafeHtml {
  return html`<form method="post" action="/requests/${encodeURIComponent(ref)}/${action}" class="action ${cls}">
<input type="hidden" name="_csrf" value="${csrf}"><input type="hidden" name="version" value="${version}">
${inner}${typeof button === "string" ? html`<button type="submit">${button}</button>` : button}</form>`;
}

/** The person's and the organization's standing, in words. */
function standing(r: RequestDetail): SafeHtml {
  const a = r.approval;
  if (!r.user || !a) return html`<p>${t("dp.notOnRecord")}</p>`;
  // Dates of expiry and dormancy stay YYYY-MM-DD (a Toronto date, the same in both languages).
  const person =
    a.eligible === false && a.outcome === "account-expired"
      ? html`<strong>${t("dp.accountExpired")}</strong> ${t("dp.on", { day: a.since ?? "" })} (${t("dp.lastSignedIn")} ${when(a.activeSince)})`
      : a.eligible === false && a.outcome === "inactive"
        ? html`<strong>${t("dp.inactive")}</strong>`
        : html`${t("dp.active")} (${t("dp.lastSignedIn")} ${when(a.activeSince)})`;
  const org =
    a.eligible === false && a.outcome === "organization-dormant"
      ? html`<strong>${t("dp.dormant")}</strong> ${t("dp.since", { day: a.since ?? "" })} (${t("dp.primaryLastSignedIn")} ${when(a.primaryActiveSince)})`
      : r.user.organization.active === false
        ? html`<strong>${t("dp.orgInactive")}</strong>`
        : a.primaryActiveSince
          ? html`${t("dp.orgActive")} (${t("dp.primaryLastSignedIn")} ${when(a.primaryActiveSince)})`
          : html`${t("dp.orgActive")} (${t("dp.noPrimary")})`;
  const role = t(r.user.role === "primary" ? "dp.role.primary" : r.user.role === "branch" ? "dp.role.branch" : "dp.role.secondary");
  return html`<dl class="pairs status">
<dt>${t("dp.person")}</dt><dd>${userText(`${r.user.firstName} ${r.user.lastName}`)}, ${role}: ${person}</dd>
<dt>${t("col.organization")}</dt><dd>${userText(r.user.organization.name)}: ${org}</dd>
</dl>`;
}

type Blocked = Extract<NonNullable<RequestDetail["approval"]>, { eligible: false }>;

/**
 * Why the bot refuses and what staff can do, in the page's language: the same rule as
 * core/approval-eligibility.ts (whose English words stay in the JSON), told from the outcome.
 */
function verdict(b: Blocked): { why: string; instead: string } {
  const since = b.since ?? "";
  switch (b.outcome) {
    case "primary-user":
      return { why: t("dp.why.primary"), instead: t("dp.instead.primary", { reply: templateLabel("primary-user") }) };
    case "organization-dormant":
      return { why: t("dp.why.dormant", { since }), instead: t("dp.instead.dormant", { reply: templateLabel("organization-dormant") }) };
    case "account-expired":
      return { why: t("dp.why.expired", { since }), instead: t("dp.instead.expired", { reply: templateLabel("account-expired") }) };
    default:
      return { why: t(b.why.startsWith("this person") ? "dp.why.personInactive" : "dp.why.orgInactive"), instead: t("dp.instead.inactive") };
  }
}

/** Why the reply goes in that language (request-data.ts gives it in English for the JSON). */
function becauseWords(because: string): string {
  if (because.includes("on record")) return t("dp.because.record");
  if (because.includes("not known")) return t("dp.because.unknown");
  return t("dp.because.message");
}

function rejectForm(r: RequestDetail, csrf: string, d: RejectDraft, suggested: string): SafeHtml {
  const draft = d.draft ?? { reason: "", message: "", template: suggested };
  const lang = localeLabel(r.replyLanguage.locale);
  const fields = (withIds: boolean) => {
    // A label's `for` and its control's `id`, or neither.
    const forId = (id: string) => (withIds ? html`for="${id}"` : "");
    const idOf = (id: string) => (withIds ? html`id="${id}"` : "");
    const option = (name: string) => html`<option value="${name}"${name === draft.template ? html` selected` : ""}>${templateLabel(name)}</option>`;
    const messageLabel = t("dp.messageLabel", { reply: templateLabel("rejected"), lang });
    return html`<label ${forId("reason")}>${t("dp.internalNote")}</label><textarea ${idOf("reason")} name="reason" rows="2" required maxlength="2000">${draft.reason}</textarea>
<label ${forId("template")}>${t("dp.replyToSend")}</label><select ${idOf("template")} name="template">${REJECT_TEMPLATES.map(option)}</select>
<fieldset class="outgoing"><legend>${t("dp.goesOut")}</legend>
<label ${forId("message")}>${messageLabel}</label><textarea ${idOf("message")} name="message" rows="3" maxlength="2000">${draft.message}</textarea></fieldset>`;
  };
  const p = d.preview;
  return html`<h3>${t("dp.answerNoPin")}</h3>
<p>${t("dp.replyGoesIn")} <strong>${lang}</strong>, ${becauseWords(r.replyLanguage.because)}.</p>
${form(r.reference, "preview-reply", csrf, r.version, fields(true), t("dp.previewButton"), "reject-form")}
${p ? previewCard(r, csrf, p, draft) : ""}`;
}

/** The reply a reject would send, and the form that sends exactly that. */
function previewCard(r: RequestDetail, csrf: string, p: NonNullable<RejectDraft["preview"]>, draft: { reason: string; message: string }): SafeHtml {
  const reply = t("dp.replyIn", { reply: templateLabel(p.template), lang: localeLabel(p.locale) });
  const facts = [pair(t("col.to"), userText(p.to)), pair(t("col.reply"), reply), pair(t("col.subject"), userText(p.subject))];
  const hidden = (name: string, value: string) => html`<input type="hidden" name="${name}" value="${value}">`;
  const send = html`${hidden("reason", draft.reason)}${hidden("template", p.template)}${hidden("message", draft.message)}`;
  return html`<article class="card preview" aria-labelledby="h-preview"><h3 id="h-preview">${t("dp.previewTitle")}</h3>
<dl class="pairs">${facts}</dl>
<pre class="preview-text">${p.text}</pre>
${form(r.reference, "reject", csrf, r.version, send, t("dp.send"), "primary")}
</article>`;
}

export function decisionPanel(r: RequestDetail, csrf: string, d: RejectDraft = {}): SafeHtml {
  const head = html`<h2 id="h-actions">${t("dp.decide")}</h2>
${r.assignedTo ? html`<p>${t("dp.assignedTo")} <strong>${r.assignedTo}</strong>.</p>` : html`<p>${t("dp.notAssigned")}</p>`}
${form(r.reference, "assign", csrf, r.version, html``, t("dp.assignMe"), "inline")}`;
  // No dead end: nobody can be answered, so the only way out of review is closing the case.
  if (!r.senderUsable) {
    return html`<section aria-labelledby="h-actions" class="card decide">${head}
<div class="verdict" role="note"><p><strong>${t("dp.noReplyPossible")}</strong> ${t("dp.noSender")}</p></div>
${form(r.reference, "close", csrf, r.version, closeNote(), t("dp.closeButton"), "primary")}
</section>`;
  }
  const a = r.approval;
  const blocked = a && a.eligible === false ? a : null;
  const suggested = blocked && blocked.outcome !== "inactive" ? blocked.outcome : "rejected";
  return html`<section aria-labelledby="h-actions" class="card decide">${head}
<h3>${t("dp.rules")}</h3>
${standing(r)}
${
  blocked
    ? refusal(blocked)
    : r.user
      ? form(
          r.reference,
          "approve",
          csrf,
          r.version,
          html`<p>${t("dp.approveA")} ${userText(r.user.email)} ${t("dp.approveB")}</p>`,
          t("dp.approveButton"),
          "primary",
        )
      : html`<p>${t("dp.notOnRecordNoPin")}</p>`
}
${rejectForm(r, csrf, d, suggested)}
${form(r.reference, "correct-name", csrf, r.version, nameFields(r), t("dp.correctButton"))}
</section>`;
}

const closeNote = () => html`<label for="note">${t("dp.closeWhy")}</label><textarea id="note" name="note" rows="2" required maxlength="500"></textarea>`;

/** Why no PIN can be given, as the bot would say it, and what staff can do instead. */
function refusal(blocked: Parameters<typeof verdict>[0]): SafeHtml {
  const v = verdict(blocked);
  const why = t("dp.botWould", { outcome: outcomeLabel(blocked.outcome), why: v.why });
  return html`<div class="verdict" role="note"><p><strong>${t("dp.noPinCan")}</strong> ${why}</p><p><strong>${t("dp.insteadLabel")}</strong> ${v.instead}</p></div>`;
}

function nameFields(r: RequestDetail): SafeHtml {
  const first = html`<label for="firstName">${t("dp.firstName")}</label><input id="firstName" name="firstName" required value="${r.parsedFirstName ?? ""}" autocomplete="off">`;
  const last = html`<label for="lastName">${t("dp.lastName")}</label><input id="lastName" name="lastName" required value="${r.parsedLastName ?? ""}" autocomplete="off">`;
  return html`<fieldset><legend>${t("dp.correctLegend")}</legend>${first}
${last}</fieldset>`;
}
