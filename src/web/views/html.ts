// HTML built by tagged templates: every interpolation is escaped unless it is already SafeHtml,
// so text from email (names, subjects, bodies) cannot become markup by forgetting a call.
import { escapeHtml } from "../../core/escape-html.js";

export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export { escapeHtml };

/** Markup the caller vouches for (our own constants, already-rendered fragments). */
export function raw(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

function part(v: unknown): string {
  if (v instanceof SafeHtml) return v.value;
  if (Array.isArray(v)) return v.map(part).join("");
  if (v === null || v === undefined || v === false) return "";
  return escapeHtml(v);
}

/** `html\`<p>${name}</p>\`` escapes `name`; arrays are joined; null/undefined/false render nothing. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += part(values[i]) + strings[i + 1]!;
  return new SafeHtml(out);
}
