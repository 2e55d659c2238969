// Small pieces the template admin pages share.
import { staffTime } from "../views/staff-clock.js";
import type { TemplateError } from "../../reply/validate-template.js";
import type { Locale, TemplateName } from "../../reply/template-catalog.js";
import { html, type SafeHtml } from "../views/layout.js";

/** When each template is sent, in the admin's words (the catalog holds the variables). */
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

export const LOCALE_LABELS: Record<Locale, string> = { en: "English", fr: "Français" };

export const editorPath = (name: TemplateName, locale: Locale) => `/admin/templates/${name}/${locale}`;

/** The staff pages' one clock (issue 20), not UTC: the same zone and format as every other page. */
export function when(date: Date | null): string {
  return date ? staffTime(date) : "";
}

/** The list the editor's script also fills: same markup with or without JavaScript. */
export function errorList(errors: readonly TemplateError[]): SafeHtml {
  return html`<ul id="preview-errors" class="tpl-errors" role="alert">${errors.map(
    // data-*: the code editor marks each problem at its line; the item takes the cursor there (issue 20).
    (e) =>
      html`<li data-part="${e.part}" data-line="${e.line}" data-column="${e.column}" tabindex="0"><strong>${e.part}</strong> line ${e.line}, column ${e.column}: ${e.message}</li>`,
  )}</ul>`;
}

/** `failed`: a save or test that did not happen is an error (red, announced at once), never the green notice (issue 20). */
export function flash(message: string | null, failed = false): SafeHtml | string {
  if (!message) return "";
  return failed ? html`<p class="tpl-flash tpl-flash-error" role="alert">${message}</p>` : html`<p class="tpl-flash" role="status">${message}</p>`;
}
