// Small pieces the template admin pages share.
import { staffTimeZone, zoneName } from "../views/staff-clock.js";
import { dateTimeFormat } from "../i18n/format.js";
import { t, tMaybe } from "../i18n/catalog.js";
import type { TemplateError } from "../../reply/validate-template.js";
import type { Locale, TemplateName } from "../../reply/template-catalog.js";
import { html, type SafeHtml } from "../views/layout.js";

/** When each template is sent, in the admin's words (the catalog holds the variables); pages use purposeOf. */
export const TEMPLATE_PURPOSES: Record<TemplateName, string> = {
  "pin-issued": "A PIN was issued",
  "follow-up-pin-issued": "A follow-up got a new PIN",
  "name-mismatch": "The name does not match the records",
  "name-missing": "No first and last name could be read",
  "organization-dormant": "The organization is dormant",
  "account-expired": "The account expired",
  "primary-user": "The primary user asked for a PIN",
  "not-recognised": "Sender not found (reveals nothing)",
  "rate-limited": "Too many PINs asked for today",
  "needs-review": "Sent to staff review",
  "follow-up-review": "Follow-up while in review",
  rejected: "Staff rejected the request",
  "reminder-primary-dormancy": "Reminder: organization near dormancy",
  "reminder-account-expiry": "Reminder: account near expiry",
};

/** TEMPLATE_PURPOSES in the page's language (issue 20). */
export function purposeOf(name: TemplateName): string {
  const words = tMaybe("tpl.purpose", name);
  return words === name ? TEMPLATE_PURPOSES[name] : words;
}

export const LOCALE_LABELS: Record<Locale, string> = { en: "English", fr: "Français" };

export const editorPath = (name: TemplateName, locale: Locale) => `/admin/templates/${name}/${locale}`;

/** The staff pages' one clock (issue 20), not UTC: the same zone and format as every other page. */
export function when(date: Date | null): string {
  // In the page's language too (issue 20): "6 déc. 2026, 14 h 05 EST".
  return date ? `${dateTimeFormat(staffTimeZone()).format(date)} ${zoneName(date)}` : "";
}

/** "subject", "html", "text" in the page's language. */
export const partWords = (part: string): string => tMaybe("tpl.part", part);

/** What is wrong, in the page's language, from the problem's code (the English is the API's `message`). */
export const problemSentence = (e: TemplateError): string => t("tpl.problem", { problem: e.problem });

/** A problem as one line of text: part, line, column, what is wrong. */
export const problemWords = (e: TemplateError): string =>
  `${partWords(e.part)} ${t("tpl.problemAt", { line: e.line, column: e.column })} ${problemSentence(e)}`;

/** The list the editor's script also fills: same markup with or without JavaScript. */
export function errorList(errors: readonly TemplateError[]): SafeHtml {
  // data-at and data-part-*: the words the editor script uses for the problems it lists (issue 20).
  return html`<ul id="preview-errors" class="tpl-errors" role="alert" data-at="${t("tpl.problemAtTemplate")}" data-part-subject="${partWords("subject")}" data-part-html="${partWords("html")}" data-part-text="${partWords("text")}">${errors.map(
    // data-*: the code editor marks each problem at its line; the item takes the cursor there (issue 20).
    (e) =>
      html`<li data-part="${e.part}" data-line="${e.line}" data-column="${e.column}" tabindex="0"><strong>${partWords(e.part)}</strong> ${t("tpl.problemAt", { line: e.line, column: e.column })} ${problemSentence(e)}</li>`,
  )}</ul>`;
}

/** `failed`: a save or test that did not happen is an error (red, announced at once), never the green notice (issue 20). */
export function flash(message: string | null, failed = false): SafeHtml | string {
  if (!message) return "";
  return failed ? html`<p class="tpl-flash tpl-flash-error" role="alert">${message}</p>` : html`<p class="tpl-flash" role="status">${message}</p>`;
}
