// Editor input (JSON or a form) → the TemplateSource the validator checks and the database
// stores. It applies the same trimming formatTemplateFile does, so what is validated is byte for
// byte what parseTemplateFile will read back at render time.
import type { TemplateSource } from "../reply/template-file.js";

export interface SourceInput {
  subject?: unknown;
  html?: unknown;
  text?: unknown;
}

function body(value: unknown): string {
  const lines = (typeof value === "string" ? value : "")
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((line) => line.replace(/[ \t]+$/, ""));
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start]!.trim() === "") start++;
  while (end > start && lines[end - 1]!.trim() === "") end--;
  return lines.slice(start, end).join("\n");
}

export function normaliseSource(input: SourceInput): TemplateSource {
  const text = body(input.text);
  return {
    subject: typeof input.subject === "string" ? input.subject.replace(/\r\n?/g, "\n").trim() : "",
    html: body(input.html),
    // An empty text part means "derive it from the HTML", as in the template files.
    text: text === "" ? null : text,
  };
}

/** Same source, whatever the line endings and trailing blanks: used to tell "changed from default". */
export function sameSource(a: TemplateSource, b: TemplateSource): boolean {
  const x = normaliseSource(a);
  const y = normaliseSource(b);
  return x.subject === y.subject && x.html === y.html && x.text === y.text;
}
