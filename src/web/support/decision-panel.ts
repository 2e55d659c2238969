// The "Decide" card of a case in review (issue 20): what the rules say about the person and the
// organization, what the bot would have answered and why, what to do instead; Approve only when
// the rules allow a PIN; the reject form with the internal note apart from the message that goes
// out, the reply chosen by its label, and a preview of exactly what will be sent.
import { NO_SENDER_MESSAGE } from "../../review/approve-request.js";
import { REJECT_TEMPLATES, type ReplyPreview } from "../../review/reject-request.js";
import { when } from "../views/format.js";
import { html, type SafeHtml } from "../views/html.js";
import { userText } from "../views/user-text.js";
import { localeLabel, outcomeLabel, templateLabel } from "../views/words.js";
import type { RequestDetail } from "./request-data.js";

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
  if (!r.user || !a) return html`<p>The sender is not on record: there is nobody a PIN could go to.</p>`;
  const person = !r.user
    ? ""
    : a.eligible === false && a.outcome === "account-expired"
      ? html`<strong>Account expired</strong> on ${a.since} (last signed in ${when(a.activeSince)})`
      : a.eligible === false && a.outcome === "inactive"
        ? html`<strong>Inactive in the records</strong>`
        : html`Active (last signed in ${when(a.activeSince)})`;
  const org =
    a.eligible === false && a.outcome === "organization-dormant"
      ? html`<strong>Dormant</strong> since ${a.since} (its primary user last signed in ${when(a.primaryActiveSince)})`
      : r.user.organization.active === false
        ? html`<strong>Inactive in the records</strong>`
        : a.primaryActiveSince
          ? html`Active (its primary user last signed in ${when(a.primaryActiveSince)})`
          : html`Active (no primary user on record)`;
  const role = r.user.role === "primary" ? "Primary user" : r.user.role === "branch" ? "Branch user" : "Secondary user";
  return html`<dl class="pairs status">
<dt>Person</dt><dd>${userText(`${r.user.firstName} ${r.user.lastName}`)}, ${role}: ${person}</dd>
<dt>Organization</dt><dd>${userText(r.user.organization.name)}: ${org}</dd>
</dl>`;
}

function rejectForm(r: RequestDetail, csrf: string, d: RejectDraft, suggested: string): SafeHtml {
  const draft = d.draft ?? { reason: "", message: "", template: suggested };
  const lang = localeLabel(r.replyLanguage.locale);
  const fields = (
    withIds: boolean,
  ) => html`<label ${withIds ? html`for="reason"` : ""}>Internal note (recorded for staff, never sent)</label><textarea ${withIds ? html`id="reason"` : ""} name="reason" rows="2" required maxlength="2000">${draft.reason}</textarea>
<label ${withIds ? html`for="template"` : ""}>Reply to send</label><select ${withIds ? html`id="template"` : ""} name="template">${REJECT_TEMPLATES.map((t) => html`<option value="${t}"${t === draft.template ? html` selected` : ""}>${templateLabel(t)}</option>`)}</select>
<fieldset class="outgoing"><legend>Goes out to the person</legend>
<label ${withIds ? html`for="message"` : ""}>Message to the person (optional; printed in the “No PIN (general refusal)” reply, in ${lang})</label><textarea ${withIds ? html`id="message"` : ""} name="message" rows="3" maxlength="2000">${draft.message}</textarea></fieldset>`;
  const p = d.preview;
  return html`<h3>Answer without a PIN</h3>
<p>The reply goes in <strong>${lang}</strong>, ${r.replyLanguage.because}.</p>
${form(r.reference, "preview-reply", csrf, r.version, fields(true), "Preview the reply", "reject-form")}
${
  p
    ? html`<article class="card preview" aria-labelledby="h-preview"><h3 id="h-preview">Preview: exactly what will be sent</h3>
<dl class="pairs"><dt>To</dt><dd>${userText(p.to)}</dd><dt>Reply</dt><dd>${templateLabel(p.template)}, in ${localeLabel(p.locale)}</dd><dt>Subject</dt><dd>${userText(p.subject)}</dd></dl>
<pre class="preview-text">${p.text}</pre>
${form(r.reference, "reject", csrf, r.version, html`<input type="hidden" name="reason" value="${draft.reason}"><input type="hidden" name="template" value="${p.template}"><input type="hidden" name="message" value="${draft.message}">`, "Send this reply", "primary")}
</article>`
    : ""
}`;
}

export function decisionPanel(r: RequestDetail, csrf: string, d: RejectDraft = {}): SafeHtml {
  const head = html`<h2 id="h-actions">Decide</h2>
${r.assignedTo ? html`<p>Assigned to <strong>${r.assignedTo}</strong>.</p>` : html`<p>Not assigned.</p>`}
${form(r.reference, "assign", csrf, r.version, html``, "Assign to me", "inline")}`;
  // No dead end: nobody can be answered, so the only way out of review is closing the case.
  if (!r.senderUsable) {
    return html`<section aria-labelledby="h-actions" class="card decide">${head}
<div class="verdict" role="note"><p><strong>No reply possible.</strong> ${NO_SENDER_MESSAGE}</p></div>
${form(r.reference, "close", csrf, r.version, html`<label for="note">Why it is closed (recorded for staff, never sent)</label><textarea id="note" name="note" rows="2" required maxlength="500"></textarea>`, "Close without a reply", "primary")}
</section>`;
  }
  const a = r.approval;
  const blocked = a && a.eligible === false ? a : null;
  const suggested = blocked && blocked.outcome !== "inactive" ? blocked.outcome : "rejected";
  return html`<section aria-labelledby="h-actions" class="card decide">${head}
<h3>What the rules say</h3>
${standing(r)}
${
  blocked
    ? html`<div class="verdict" role="note"><p><strong>No PIN can be issued.</strong> The bot would have answered “${outcomeLabel(blocked.outcome)}”: ${blocked.why}.</p><p><strong>What to do instead:</strong> ${blocked.instead}</p></div>`
    : r.user
      ? form(
          r.reference,
          "approve",
          csrf,
          r.version,
          html`<p>The rules allow a PIN. Issue a new PIN to ${userText(r.user.email)} (the registered address) and send the “PIN issued” reply.</p>`,
          "Approve and send PIN",
          "primary",
        )
      : html`<p>No PIN can be issued: the sender is not on record.</p>`
}
${rejectForm(r, csrf, d, suggested)}
${form(
  r.reference,
  "correct-name",
  csrf,
  r.version,
  html`<fieldset><legend>Correct the name and verify again</legend><label for="firstName">First name</label><input id="firstName" name="firstName" required value="${r.parsedFirstName ?? ""}" autocomplete="off">
<label for="lastName">Last name</label><input id="lastName" name="lastName" required value="${r.parsedLastName ?? ""}" autocomplete="off"></fieldset>`,
  "Correct name and re-run",
)}
</section>`;
}
