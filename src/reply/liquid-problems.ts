// Template problems in plain words (issue 20): LiquidJS stops at the first syntax error and words it
// for programmers ("illegal tag: {% for x y %}", "invalid value expression"). The editor wants every
// problem at once, each a sentence saying what is wrong and how to fix it, at its line and column.
import { errorMessage, errorPosition } from "./engine.js";
import { problemMessage, templateProblem, type TemplateProblem } from "./template-problem.js";

export interface LiquidProblem {
  line: number;
  column: number;
  /** The problem as a code with its values; `message` is its English sentence. */
  problem: TemplateProblem;
  message: string;
}

/** Tags that open a block, and so have an end tag (and maybe else/elsif/when) further down. */
const BLOCK_TAGS = new Set(["if", "unless", "for", "case", "capture", "tablerow", "comment", "raw"]);
/** Tags that only make sense inside an open block. */
const INNER_TAGS = new Set(["else", "elsif", "when", "break", "continue"]);
/** A parse error cannot be recovered from more than this many times (a broken file stops early). */
const MAX_PROBLEMS = 20;

const EXAMPLES: Record<string, string> = {
  if: "{% if organization %} … {% endif %}",
  unless: "{% unless organization %} … {% endunless %}",
  for: "{% for item in list %} … {% endfor %}",
  case: "{% case locale %}{% when 'fr' %} … {% endcase %}",
  capture: "{% capture greeting %} … {% endcapture %}",
  assign: "{% assign greeting = 'Hello' %}",
  include: "{% include 'footer.en' %}",
  render: "{% render 'footer.en' %}",
  cycle: "{% cycle 'odd', 'even' %}",
};

/**
 * One Liquid parser or render message as a problem an admin can act on. `allowed` lists the
 * variables the template may use. Unknown wordings keep the parser's text, but after a plain
 * sentence, so the admin still learns where to look.
 */
export function plainLiquidProblem(raw: string, allowed: readonly string[]): TemplateProblem {
  let m = /^undefined variable: (.+)$/.exec(raw);
  if (m) return templateProblem("unknown-variable", { name: m[1]!, allowed: [...allowed] });
  if (raw === "undefined filter: raw") return templateProblem("raw-filter", {});
  m = /^undefined filter: (.+)$/.exec(raw);
  if (m) return templateProblem("unknown-filter", { name: m[1]! });
  m = /^ENOENT: Failed to lookup "(.*)" in/.exec(raw);
  if (m) return templateProblem("unknown-partial", { name: m[1]! });
  m = /^tag \{%-?\s*(\w+)[\s\S]*%\} not closed$/.exec(raw);
  if (m) return templateProblem("block-not-closed", { tag: m[1]! });
  m = /^output "[\s\S]*" not closed$/.exec(raw);
  if (m) return templateProblem("output-not-closed", {});
  m = /^tag "(\w+)" not found$/.exec(raw);
  if (m) {
    const name = m[1]!;
    if (name.startsWith("end") && name.length > 3) return templateProblem("stray-end-tag", { tag: name, opener: name.slice(3) });
    if (INNER_TAGS.has(name)) return templateProblem("inner-tag-outside-block", { tag: name });
    return templateProblem("unknown-tag", { name });
  }
  m = /^illegal tag: \{%-?\s*(\w+)/.exec(raw);
  if (m) return templateProblem("tag-malformed", { tag: m[1]!, example: EXAMPLES[m[1]!] ?? null });
  if (/^invalid value expression/.test(raw)) return templateProblem("value-missing", {});
  if (/^illegal tag syntax, tag name expected/.test(raw)) return templateProblem("tag-name-missing", {});
  if (raw === "expected variable name" || raw === 'expected "="') return templateProblem("assign-incomplete", { example: EXAMPLES["assign"]! });
  if (raw === "invalid capture name") return templateProblem("capture-name-missing", { example: EXAMPLES["capture"]! });
  if (raw === "illegal file path") return templateProblem("partial-name-missing", { example: EXAMPLES["include"]! });
  if (/^empty candidates/.test(raw)) return templateProblem("cycle-values-missing", { example: EXAMPLES["cycle"]! });
  if (raw === "duplicated else") return templateProblem("duplicated-else", {});
  m = /^(\[|\() not closed$/.exec(raw);
  if (m) return templateProblem("bracket-not-closed", { open: m[1]!, close: m[1] === "[" ? "]" : ")" });
  m = /^unexpected character "(.*)"$/.exec(raw);
  if (m) return templateProblem("unexpected-character", { character: m[1]! });
  return templateProblem("liquid-unreadable", { liquid: raw });
}

/** The same, as its English sentence. */
export function plainLiquidMessage(raw: string, allowed: readonly string[]): string {
  return problemMessage(plainLiquidProblem(raw, allowed));
}

/** Blanks [from, to) with spaces, keeping newlines so every later line and column stays put. */
function blank(source: string, from: number, to: number): string {
  return source.slice(0, from) + source.slice(from, to).replace(/[^\n]/g, " ") + source.slice(to);
}

/** The `{{ … }}` or `{% … %}` around `offset`, or null. */
function enclosingSpan(source: string, offset: number): [number, number] | null {
  const output = source.lastIndexOf("{{", offset);
  const tag = source.lastIndexOf("{%", offset);
  const start = Math.max(output, tag);
  if (start === -1) return null;
  const closer = start === output ? "}}" : "%}";
  const close = source.indexOf(closer, start + 2);
  // An unclosed opener: blank just the opener, so the rest reads as plain text.
  return [start, close === -1 ? start + 2 : close + 2];
}

interface TokenLike {
  begin?: number;
  name?: string;
}

/**
 * Parses `source`, and after each syntax error repairs the spot (closes the block, or blanks the
 * tag or value, keeping every position) and parses again, so that every syntax problem is found
 * in one pass. Returns the problems in plain words; empty when the source parses.
 */
export function liquidSyntaxProblems(source: string, parse: (source: string) => unknown, allowed: readonly string[]): LiquidProblem[] {
  const problems: LiquidProblem[] = [];
  /** Block tags blanked because their own markup was wrong: their end/else tags are not new problems. */
  const blankedBlocks = new Set<string>();
  const seen = new Set<string>();
  let current = source;
  let suffix = "";
  for (let attempt = 0; attempt < MAX_PROBLEMS; attempt++) {
    try {
      parse(current + suffix);
      break;
    } catch (error) {
      const raw = errorMessage(error);
      const { line, column } = errorPosition(error);
      // The same problem twice means the repair did not take: stop rather than repeat it.
      const key = `${line}:${column}:${raw}`;
      if (seen.has(key)) break;
      seen.add(key);
      const token = ((error as { token?: TokenLike } | null)?.token ?? {}) as TokenLike;
      const offset = typeof token.begin === "number" ? token.begin : -1;
      const unclosed = /^tag \{%-?\s*(\w+)[\s\S]*%\} not closed$/.exec(raw);
      const notFound = /^tag "(\w+)" not found$/.exec(raw);
      const follows =
        notFound && blankedBlocks.size > 0 && (INNER_TAGS.has(notFound[1]!) || (notFound[1]!.startsWith("end") && blankedBlocks.has(notFound[1]!.slice(3))));
      if (!follows) {
        const problem = plainLiquidProblem(raw, allowed);
        problems.push({ line, column, problem, message: problemMessage(problem) });
      }
      if (unclosed && offset < current.length) {
        // Close it at the very end: what lies inside still gets checked.
        suffix += `{% end${unclosed[1]} %}`;
        continue;
      }
      if (offset < 0 || offset >= current.length) break;
      const span = enclosingSpan(current, offset);
      if (!span) break;
      const opener = /^\{%-?\s*(\w+)/.exec(current.slice(span[0], span[1]));
      if (opener && BLOCK_TAGS.has(opener[1]!)) blankedBlocks.add(opener[1]!);
      const repaired = blank(current, span[0], span[1]);
      if (repaired === current) break;
      current = repaired;
    }
  }
  return problems.sort((a, b) => a.line - b.line || a.column - b.column);
}
