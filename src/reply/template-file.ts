/**
 * The on-disk (and in-database) form of a template: plain sections introduced by marker lines,
 *
 *   --- subject ---
 *   Your new PIN ({{ reference }})
 *
 *   --- html ---
 *   <p>…</p>
 *
 *   --- text ---
 *   …
 *
 * chosen so an admin can read and diff a version without knowing any format beyond Liquid.
 */

export interface TemplateSource {
  subject: string;
  html: string;
  /** null: the text part is derived from the rendered HTML. */
  text: string | null;
}

export type SectionName = "subject" | "html" | "text";

/** A line that would be read as a section marker; bodies must not contain one. */
export const MARKER_LINE = /^[ \t]*---[ \t]*([A-Za-z][A-Za-z-]*)[ \t]*---[ \t]*$/;

export class TemplateFileError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`${message} (line ${line})`);
    this.name = "TemplateFileError";
  }
}

function isBlank(line: string): boolean {
  return line.trim() === "";
}

/** Blank lines around a section are layout in the file, not content. */
function trimBlankLines(lines: string[]): string {
  let start = 0;
  let end = lines.length;
  while (start < end && isBlank(lines[start]!)) start++;
  while (end > start && isBlank(lines[end - 1]!)) end--;
  return lines
    .slice(start, end)
    .map((line) => line.replace(/[ \t]+$/, ""))
    .join("\n");
}

/** Splits a file into its named sections; `allowed` lists the names this kind of file may use. */
export function parseSections(content: string, allowed: readonly SectionName[]): Map<SectionName, string> {
  const lines = content
    .replace(/^\uFEFF/, "")
    .replace(/\r\n?/g, "\n")
    .split("\n");
  const sections = new Map<SectionName, string>();
  let current: { name: SectionName; lines: string[] } | null = null;
  const close = (): void => {
    if (current) sections.set(current.name, trimBlankLines(current.lines));
  };
  lines.forEach((line, index) => {
    const marker = MARKER_LINE.exec(line);
    if (marker) {
      const name = marker[1]!.toLowerCase();
      if (!(allowed as readonly string[]).includes(name)) {
        throw new TemplateFileError(`unknown section "${marker[1]}" (expected ${allowed.join(", ")})`, index + 1);
      }
      if (sections.has(name as SectionName) || current?.name === name) {
        throw new TemplateFileError(`section "${name}" appears twice`, index + 1);
      }
      close();
      current = { name: name as SectionName, lines: [] };
      return;
    }
    if (current) current.lines.push(line);
    else if (!isBlank(line)) throw new TemplateFileError("text before the first section marker", index + 1);
  });
  close();
  return sections;
}

export function parseTemplateFile(content: string): TemplateSource {
  const sections = parseSections(content, ["subject", "html", "text"]);
  const subject = sections.get("subject")?.trim();
  const html = sections.get("html");
  if (subject === undefined || subject === "") throw new TemplateFileError('missing "--- subject ---" section', 1);
  if (html === undefined || html === "") throw new TemplateFileError('missing "--- html ---" section', 1);
  if (subject.includes("\n")) throw new TemplateFileError("the subject must be a single line", 1);
  const text = sections.get("text");
  return { subject, html, text: text === undefined || text === "" ? null : text };
}

/**
 * Inverse of parseTemplateFile for any source the validator accepts (single-line subject, no
 * marker lines in a body, no blank lines at either end of a section).
 */
export function formatTemplateFile(source: TemplateSource): string {
  const body = (value: string): string => trimBlankLines(value.replace(/\r\n?/g, "\n").split("\n"));
  const parts = [`--- subject ---\n${source.subject.trim()}\n`, `--- html ---\n${body(source.html)}\n`];
  const text = source.text === null ? "" : body(source.text);
  if (text !== "") parts.push(`--- text ---\n${text}\n`);
  return parts.join("\n");
}
