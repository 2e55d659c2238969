import { type TagToken, type Template, Tokenizer, toValueSync, TypeGuards, type Variable } from "liquidjs";
import { createEngines, type Engines, errorMessage, errorPosition, formatOf, type Part, renderParsed, TemplateRenderError } from "./engine.js";
import { deriveText, tidyText } from "./render.js";
import { LOCALES, sampleVariables, type TemplateName, templateVariables, type TemplateValue } from "./template-catalog.js";
import { MARKER_LINE, type TemplateSource } from "./template-file.js";
import { liquidSyntaxProblems, plainLiquidProblem } from "./liquid-problems.js";
import { problemMessage, templateProblem, type TemplateProblem } from "./template-problem.js";
import { allowedHostsOf, htmlResourceProblems, type ResourceProblem, textLinkProblems } from "./template-resources.js";

/**
 * The gate in front of every saved template version. It answers with positions an editor can
 * highlight, and it is stricter than the renderer (which must never refuse a template that was
 * valid when saved): it also refuses things that would only fail on some requests.
 */

export interface TemplateError {
  part: Part;
  /** 1-based, within that part (not within the file). */
  line: number;
  column: number;
  /** The English sentence (the templates API's `message`), derived from `problem`. */
  message: string;
  /** What is wrong, as a code with its values: the admin pages say it in their language from this. */
  problem: TemplateProblem;
}

export type ValidationResult = { ok: true } | { ok: false; errors: TemplateError[] };

/**
 * Where replies may link (issue 13.5): the hosts of PORTAL_URL and WEB_PUBLIC_URL. `portalUrl`
 * is also what `{{ portalUrl }}` renders as while validating. Without it, the sample portal URL
 * stands in (tests, the shipped defaults).
 */
export interface LinkPolicy {
  portalUrl?: string;
  webPublicUrl?: string;
}

/** The line pin templates must carry verbatim, so people and scripts find the PIN the same way. */
export const PIN_LINE = "PIN: {{ pin }}";

const PIN_TEMPLATES: ReadonlySet<TemplateName> = new Set(["pin-issued", "follow-up-pin-issued"]);
const PARTIAL_TAGS = new Set(["include", "render", "layout"]);

interface PartialReference {
  name: string | null;
  line: number;
  column: number;
}

function at(part: Part, line: number, column: number, problem: TemplateProblem): TemplateError {
  return { part, line, column, message: problemMessage(problem), problem };
}

/** Every include/render/layout tag in a parsed part, nested ones included (partials not opened). */
function partialReferences(templates: readonly Template[]): PartialReference[] {
  const found: PartialReference[] = [];
  const visit = (template: Template): void => {
    const tag = template as Template & { name?: unknown; file?: unknown };
    if (typeof tag.name === "string" && PARTIAL_TAGS.has(tag.name)) {
      const [line = 1, column = 1] = template.token.getPosition();
      // A literal name parses to a string; `none` to undefined; anything computed to a token.
      if (tag.file === undefined) return;
      found.push({ name: typeof tag.file === "string" ? tag.file : null, line, column });
    }
    if (template.children) for (const child of toValueSync(template.children(false, true))) visit(child);
  };
  templates.forEach(visit);
  return found;
}

function lineOf(source: string, needle: RegExp): number | null {
  const index = source.split("\n").findIndex((line) => needle.test(line));
  return index === -1 ? null : index + 1;
}

class Checker {
  readonly errors: TemplateError[] = [];
  private readonly seen = new Set<string>();
  readonly declared: readonly string[];
  /** Each part's source, for the checks that look at its lines. */
  readonly sources = new Map<Part, string>();

  constructor(
    readonly name: TemplateName,
    readonly engines: Engines,
  ) {
    this.declared = templateVariables(name).map((variable) => variable.name);
  }

  add(error: TemplateError): void {
    const key = `${error.part}:${error.line}:${error.column}:${error.message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.errors.push(error);
  }

  addLiquidError(part: Part, error: unknown): void {
    const cause = error instanceof TemplateRenderError ? error.cause : error;
    const { line, column } = errorPosition(cause);
    this.add(at(part, line, column, plainLiquidProblem(errorMessage(cause), this.declared)));
  }

  /** Structure the file format depends on: non-empty, one-line subject, no marker lines. */
  checkShape(source: TemplateSource): void {
    if (source.subject.trim() === "") this.add(at("subject", 1, 1, templateProblem("subject-empty", {})));
    const subjectLines = source.subject.replace(/\r\n?/g, "\n").trim().split("\n");
    if (subjectLines.length > 1) this.add(at("subject", 2, 1, templateProblem("subject-multiline", {})));
    if (source.html.trim() === "") this.add(at("html", 1, 1, templateProblem("html-empty", {})));
    const bodies: Array<[Part, string | null]> = [
      ["html", source.html],
      ["text", source.text],
    ];
    for (const [part, body] of bodies) {
      body?.split(/\r\n?|\n/).forEach((line, index) => {
        if (MARKER_LINE.test(line)) {
          this.add(at(part, index + 1, 1, templateProblem("marker-line", { line: line.trim() })));
        }
      });
    }
  }

  parse(part: Part, source: string): Template[] | null {
    const engine = this.engines[formatOf(part)];
    try {
      return engine.parse(source);
    } catch {
      // Every syntax problem of the part at once, not only the parser's first.
      for (const problem of liquidSyntaxProblems(source, (text) => engine.parse(text), this.declared)) {
        this.add(at(part, problem.line, problem.column, problem.problem));
      }
      return null;
    }
  }

  /** Partials must be named literally and exist: computed names defeat every static check below. */
  checkPartials(part: Part, templates: readonly Template[]): PartialReference[] {
    const available = this.engines.partialNames(formatOf(part));
    const references = partialReferences(templates);
    let ok = true;
    for (const reference of references) {
      if (reference.name === null) {
        ok = false;
        this.add(at(part, reference.line, reference.column, templateProblem("partial-name-unquoted", {})));
      } else if (!available.has(reference.name)) {
        ok = false;
        this.add(at(part, reference.line, reference.column, templateProblem("partial-not-found", { name: reference.name, available: [...available].sort() })));
      }
    }
    return ok ? references : [];
  }

  /**
   * Static analysis sees every branch, including `{% if %}` arms the sample data never takes.
   * Returns the global variable names the part uses, partials included.
   */
  checkVariables(part: Part, templates: Template[], references: PartialReference[], partialsOk: boolean): Set<string> {
    const engine = this.engines[formatOf(part)];
    let globals: Record<string, Variable[]>;
    try {
      globals = engine.analyzeSync(templates, { partials: partialsOk }).globals;
    } catch (error) {
      this.addLiquidError(part, error);
      return new Set();
    }
    const declared = new Set(this.declared);
    if (PIN_TEMPLATES.has(this.name)) this.checkPinUses(part, this.sources.get(part) ?? "", globals["pin"] ?? []);
    for (const [name, uses] of Object.entries(globals)) {
      if (declared.has(name)) continue;
      for (const use of uses) {
        if (use.location.file === undefined) {
          this.add(at(part, use.location.row, use.location.col, templateProblem("unknown-variable", { name, allowed: [...this.declared] })));
        } else {
          // Point at the include in this part; the partial's own lines are not what the admin edits.
          const include = references.find((reference) => reference.name === use.location.file) ?? references[0];
          this.add(
            at(
              part,
              include?.line ?? 1,
              include?.column ?? 1,
              templateProblem("partial-uses-unknown", { partial: use.location.file, name, allowed: [...this.declared] }),
            ),
          );
        }
      }
    }
    return new Set(Object.keys(globals));
  }

  checkRequired(part: Part, used: ReadonlySet<string>): void {
    for (const variable of templateVariables(this.name)) {
      if (variable.required && !used.has(variable.name)) {
        this.add(at(part, 1, 1, templateProblem("required-unused", { name: variable.name, description: variable.description })));
      }
    }
  }

  /**
   * `{{ [k] }}` looks a variable up by a computed name, which static analysis cannot follow (with
   * k = "pin" it prints the PIN from anywhere): only names written out are allowed.
   */
  checkComputedNames(part: Part, source: string): void {
    let tokens: ReturnType<Tokenizer["readTopLevelTokens"]>;
    try {
      tokens = new Tokenizer(source).readTopLevelTokens();
    } catch {
      return; // parse() reports it
    }
    for (const token of tokens) {
      const markup = TypeGuards.isOutputToken(token) ? token.content : TypeGuards.isTagToken(token) ? (token as TagToken).args : null;
      if (markup === null) continue;
      // Strings are data, not lookups: "[" inside quotes is fine.
      const code = markup.replace(/"[^"]*"|'[^']*'/g, '""');
      if (/(^|[^\w\-?\])])\s*\[/.test(code)) {
        const [line = 1, column = 1] = token.getPosition();
        this.add(at(part, line, column, templateProblem("computed-name", {})));
      }
    }
  }

  /**
   * A PIN template may print `pin` only as its `PIN: {{ pin }}` line: no filter, no other line,
   * no partial, not in the subject, not captured into another variable (issue 13.5).
   */
  checkPinUses(part: Part, source: string, uses: readonly Variable[]): void {
    const lines = source.split(/\r\n?|\n/);
    const captured = capturedRows(source);
    for (const use of uses) {
      const { row, col, file } = use.location;
      if (file !== undefined) {
        this.add(at(part, 1, 1, templateProblem("partial-uses-pin", { partial: file, pinLine: PIN_LINE })));
        continue;
      }
      const line = lines[row - 1] ?? "";
      // Indentation is checkPinLine's business (it reports it once); here only what is on the line.
      const onPinLine = line.trim() === PIN_LINE;
      if (part === "subject" || !onPinLine || use.segments.length > 1) {
        this.add(at(part, row, col, templateProblem("pin-misused", { pinLine: PIN_LINE })));
      } else if (captured.has(row)) {
        this.add(at(part, row, col, templateProblem("pin-captured", { pinLine: PIN_LINE })));
      }
    }
  }

  /** Links and loads outside PORTAL_URL's and WEB_PUBLIC_URL's hosts, found in a rendered part. */
  addResourceProblems(part: Part, source: string, problems: readonly ResourceProblem[]): void {
    for (const problem of problems) {
      const index = source.split(/\r\n?|\n/).findIndex((line) => line.includes(problem.near));
      this.add(at(part, index === -1 ? 1 : index + 1, 1, problem.problem));
    }
  }

  checkPinLine(part: "html" | "text", source: string): boolean {
    // HTML may indent it; the text part is what people read and scripts match, so exactly.
    const found =
      part === "html"
        ? source.split(/\r\n?|\n/).some((line) => line.trim() === PIN_LINE)
        : source.split(/\r\n?|\n/).some((line) => line.trimEnd() === PIN_LINE);
    if (!found) {
      const near = lineOf(source, /\{\{-?\s*pin\b/) ?? 1;
      this.add(at(part, near, 1, templateProblem("pin-line-missing", { pinLine: PIN_LINE })));
    }
    return found;
  }
}

function withoutOptional(name: TemplateName, values: Record<string, TemplateValue>): Record<string, TemplateValue> {
  const minimal = { ...values };
  for (const variable of templateVariables(name)) if (!variable.required) minimal[variable.name] = null;
  return minimal;
}

function hasLine(output: string, expected: string, trim: boolean): boolean {
  return output.split(/\r\n?|\n/).some((line) => (trim ? line.trim() : line) === expected);
}

export async function validateTemplate(
  name: TemplateName,
  source: TemplateSource,
  partials: Readonly<Record<string, string>>,
  links: LinkPolicy = {},
): Promise<ValidationResult> {
  const checker = new Checker(name, createEngines(partials));
  checker.checkShape(source);

  const parts: Array<[Part, string]> = [
    ["subject", source.subject],
    ["html", source.html],
  ];
  if (source.text !== null) parts.push(["text", source.text]);

  const parsed = new Map<Part, Template[]>();
  for (const [part, text] of parts) {
    checker.sources.set(part, text);
    checker.checkComputedNames(part, text);
    const templates = checker.parse(part, text);
    if (!templates) continue;
    const before = checker.errors.length;
    const references = checker.checkPartials(part, templates);
    const partialsOk = checker.errors.length === before;
    const used = checker.checkVariables(part, templates, references, partialsOk);
    if (part !== "subject" && partialsOk) checker.checkRequired(part, used);
    parsed.set(part, templates);
  }

  const isPinTemplate = PIN_TEMPLATES.has(name);
  let pinLinesOk = true;
  if (isPinTemplate) {
    pinLinesOk = checker.checkPinLine("html", source.html) && pinLinesOk;
    if (source.text !== null) pinLinesOk = checker.checkPinLine("text", source.text) && pinLinesOk;
  }

  // Only sources that passed every static check are rendered: a render error then means
  // something the analysis cannot see (a property of a value, a limit, a bad argument).
  const portalUrl = links.portalUrl ?? String(sampleVariables("pin-issued", "en").portalUrl);
  const allowedHosts = allowedHostsOf([portalUrl, links.webPublicUrl]);
  if (checker.errors.length === 0) {
    for (const locale of LOCALES) {
      const full = sampleVariables(name, locale);
      if ("portalUrl" in full) full.portalUrl = portalUrl;
      for (const scope of [full, withoutOptional(name, full)]) {
        const outputs = new Map<Part, string>();
        for (const [part, templates] of parsed) {
          try {
            outputs.set(part, renderParsed(checker.engines, part, templates, { ...scope }));
          } catch (error) {
            checker.addLiquidError(part, error);
          }
        }
        if (isPinTemplate && pinLinesOk) checkRenderedPin(checker, source, outputs, String(scope.pin));
        if (scope === full) {
          const pin = isPinTemplate ? String(scope.pin) : undefined;
          const html = outputs.get("html");
          if (html !== undefined) checker.addResourceProblems("html", source.html, htmlResourceProblems(html, allowedHosts, pin));
          const text = outputs.get("text");
          if (text !== undefined) checker.addResourceProblems("text", source.text ?? "", textLinkProblems(text, allowedHosts));
          const subject = outputs.get("subject");
          if (subject !== undefined) checker.addResourceProblems("subject", source.subject, textLinkProblems(subject, allowedHosts));
        }
      }
    }
  }

  return checker.errors.length === 0 ? { ok: true } : { ok: false, errors: checker.errors };
}

/** The PIN line must survive rendering: not hidden in a comment or an `{% if %}` that is false. */
function checkRenderedPin(checker: Checker, source: TemplateSource, outputs: Map<Part, string>, pin: string): void {
  const expected = `PIN: ${pin}`;
  const html = outputs.get("html");
  if (html !== undefined) {
    if (!hasLine(html, expected, true)) {
      const line = lineOf(source.html, /PIN: \{\{ pin \}\}/) ?? 1;
      checker.add(at("html", line, 1, templateProblem("pin-hidden", { pinLine: PIN_LINE })));
    } else if (source.text === null && !hasLine(deriveText(html), expected, false)) {
      // Without an authored text part, the derived one must still carry the line on its own.
      const line = lineOf(source.html, /PIN: \{\{ pin \}\}/) ?? 1;
      checker.add(at("html", line, 1, templateProblem("pin-not-own-line-in-derived-text", { expected })));
    }
  }
  const text = outputs.get("text");
  if (text !== undefined && !hasLine(tidyText(text), expected, false)) {
    const line = lineOf(source.text ?? "", /PIN: \{\{ pin \}\}/) ?? 1;
    checker.add(at("text", line, 1, templateProblem("pin-hidden", { pinLine: PIN_LINE })));
  }
}

/** Rows (1-based) that lie inside a {% capture %} ... {% endcapture %} block. */
function capturedRows(source: string): Set<number> {
  const rows = new Set<number>();
  let tokens: ReturnType<Tokenizer["readTopLevelTokens"]>;
  try {
    tokens = new Tokenizer(source).readTopLevelTokens();
  } catch {
    return rows;
  }
  let depth = 0;
  let from = 0;
  for (const token of tokens) {
    if (!TypeGuards.isTagToken(token)) continue;
    const [row = 1] = token.getPosition();
    if (token.name === "capture") {
      if (depth++ === 0) from = row;
    } else if (token.name === "endcapture" && depth > 0 && --depth === 0) {
      for (let r = from; r <= row; r++) rows.add(r);
    }
  }
  return rows;
}
