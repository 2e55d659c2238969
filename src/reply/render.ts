import { compile } from "html-to-text";
import { createEngines, createParser, type Engines, type Part, renderParsed } from "./engine.js";
import type { TemplateSource } from "./template-file.js";

export { TemplateRenderError } from "./engine.js";

export interface RenderedReply {
  subject: string;
  html: string;
  text: string;
}

export interface Renderer {
  /**
   * Renders all three parts. `vars` should come from buildTemplateVariables(name, values): every
   * declared variable present (null when unknown), since an absent key is an error under
   * strictVariables. Throws TemplateRenderError (part, line, column) when a part fails.
   */
  render(source: TemplateSource, vars: Readonly<Record<string, unknown>>): Promise<RenderedReply>;
}

const htmlToText = compile({
  wordwrap: 76,
  selectors: [
    { selector: "a", options: { hideLinkHrefIfSameAsText: true } },
    { selector: "img", format: "skip" },
    { selector: "h1", options: { uppercase: false } },
    { selector: "h2", options: { uppercase: false } },
    { selector: "h3", options: { uppercase: false } },
  ],
});

// C0/C1 controls, DEL, line/paragraph separators and bidi overrides: none belongs in a header,
// and CR/LF there would let a sender's name start new header lines.
const SUBJECT_UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]+/g;

export function sanitizeSubject(subject: string): string {
  return subject.replace(SUBJECT_UNSAFE, " ").replace(/\s+/g, " ").trim();
}

// Controls other than tab and newline have no place in a plain-text body.
const TEXT_UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Liquid tags on their own lines leave blank runs behind; a mail wants at most one blank line. */
export function tidyText(text: string): string {
  return `${text
    .replace(/\r\n?/g, "\n")
    .replace(TEXT_UNSAFE, "")
    .replace(/[ \t]+$/gm, "")
    .replace(/\n{3,}/g, "\n\n")
    .trim()}\n`;
}

export function deriveText(html: string): string {
  return tidyText(htmlToText(html));
}

/** One parse cache and one pair of engines per renderer; create it once per partial set. */
export function createRenderer(partials: Readonly<Record<string, string>>): Renderer {
  const engines: Engines = createEngines(partials);
  const parse = createParser(engines);

  function renderPart(part: Part, source: string, scope: Record<string, unknown>): string {
    return renderParsed(engines, part, parse(part, source), scope);
  }

  return {
    async render(source, vars) {
      // A fresh plain object of own keys: nothing the caller's object inherits is reachable.
      const scope: Record<string, unknown> = { ...vars };
      const subject = sanitizeSubject(renderPart("subject", source.subject, scope));
      const html = renderPart("html", source.html, scope);
      const text = source.text === null ? deriveText(html) : tidyText(renderPart("text", source.text, scope));
      return { subject, html, text };
    },
  };
}
