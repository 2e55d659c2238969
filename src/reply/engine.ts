import { Liquid, type LiquidOptions, type Template } from "liquidjs";
import { REPLY_TIME_ZONE } from "./format-date.js";

/**
 * The Liquid set-up shared by the renderer and the validator, so that what the validator accepts
 * is exactly what the outbox can render. Admin-written templates are untrusted input here.
 */

export type Part = "subject" | "html" | "text";

/** Which engine (and which partial variants) a part renders with. */
export type Format = "html" | "text";

export function formatOf(part: Part): Format {
  return part === "html" ? "html" : "text";
}

const SAFETY: LiquidOptions = {
  // Unknown names are errors, not empty strings: a typo must never reach a person's inbox.
  strictVariables: true,
  strictFilters: true,
  lenientIf: false,
  // Scope objects expose their own keys only: no `constructor`, `__proto__`, prototype methods.
  ownPropertyOnly: true,
  jsTruthy: false,
  relativeReference: false,
  // Parsed partials are cached per engine; the partial map of an engine never changes.
  cache: true,
  // DoS limits: template size, render time (ms) and allocations.
  parseLimit: 100_000,
  renderLimit: 1_000,
  memoryLimit: 10_000_000,
  timezoneOffset: REPLY_TIME_ZONE,
};

/** Per render() call: how many tags/outputs may run (loops included). */
export const TEMPLATE_LIMIT = 20_000;

export interface Engines {
  readonly html: Liquid;
  readonly text: Liquid;
  /** Partial names visible to a part, e.g. "footer.en". */
  partialNames(format: Format): ReadonlySet<string>;
}

/**
 * Splits `name.html` / `name.text` keys into one map per format: a template says
 * `{% include 'footer.en' %}` in both its HTML and its text part and each gets its own variant.
 * A key without either suffix is shared by both.
 */
function partialMaps(partials: Readonly<Record<string, string>>): Record<Format, Record<string, string>> {
  // Null prototypes: a lookup of "constructor" or "__proto__" must find nothing.
  const maps: Record<Format, Record<string, string>> = { html: Object.create(null), text: Object.create(null) };
  for (const [key, value] of Object.entries(partials)) {
    if (typeof value !== "string") continue;
    const match = /^(.+)\.(html|text)$/.exec(key);
    if (match) maps[match[2] as Format][match[1]!] = value;
    else maps.html[key] = maps.text[key] = value;
  }
  return maps;
}

function createEngine(templates: Record<string, string>, escapeHtml: boolean): Liquid {
  // `templates` replaces the file-system loader entirely: include/render/layout can only reach
  // names in this map, so '/etc/passwd' or '../package.json' are simply "not found".
  const engine = new Liquid({ ...SAFETY, templates, ...(escapeHtml ? { outputEscape: "escape" as const } : {}) });
  // `raw` is the one filter that switches outputEscape off. Without it, every value a sender
  // controls (their name, above all) is escaped in HTML, whatever an admin writes.
  engine.unregisterFilter("raw");
  return engine;
}

export function createEngines(partials: Readonly<Record<string, string>>): Engines {
  const maps = partialMaps(partials);
  const names: Record<Format, ReadonlySet<string>> = {
    html: new Set(Object.keys(maps.html)),
    text: new Set(Object.keys(maps.text)),
  };
  return {
    html: createEngine(maps.html, true),
    // Subject and plain text must not be HTML-escaped ("O'Connor", not "O&#39;Connor").
    text: createEngine(maps.text, false),
    partialNames: (format) => names[format],
  };
}

/** Liquid's own position, when the error carries one. */
export function errorPosition(error: unknown): { line: number; column: number } {
  const token = (error as { token?: { getPosition?: () => [number, number] } } | null)?.token;
  const position = typeof token?.getPosition === "function" ? token.getPosition() : undefined;
  if (position) return { line: position[0], column: position[1] };
  const match = /line:(\d+), col:(\d+)/.exec(error instanceof Error ? error.message : "");
  return match ? { line: Number(match[1]), column: Number(match[2]) } : { line: 1, column: 1 };
}

/** Liquid messages end in ", line:3, col:7"; callers report the position separately. */
export function errorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/,? line:\d+, col:\d+\s*$/, "").split("\n")[0]!;
}

/** A part that failed to parse or render, with where Liquid says it went wrong. */
export class TemplateRenderError extends Error {
  readonly part: Part;
  readonly line: number;
  readonly column: number;

  constructor(part: Part, cause: unknown) {
    const { line, column } = errorPosition(cause);
    super(`${part}, line ${line}, column ${column}: ${errorMessage(cause)}`, { cause });
    this.name = "TemplateRenderError";
    this.part = part;
    this.line = line;
    this.column = column;
  }
}

/**
 * Parses with a small per-engine cache: the outbox renders the same few sources over and over,
 * while the editor's previews produce many one-off sources, hence the bound.
 */
export function createParser(engines: Engines, maxEntries = 200): (part: Part, source: string) => Template[] {
  const caches: Record<Format, Map<string, Template[]>> = { html: new Map(), text: new Map() };
  return (part, source) => {
    const format = formatOf(part);
    const cache = caches[format];
    let parsed = cache.get(source);
    if (!parsed) {
      try {
        parsed = engines[format].parse(source);
      } catch (error) {
        throw new TemplateRenderError(part, error);
      }
      if (cache.size >= maxEntries) cache.delete(cache.keys().next().value!);
      cache.set(source, parsed);
    }
    return parsed;
  };
}

/**
 * Synchronous on purpose: partials come from memory, so nothing awaits I/O, and an async render
 * would interleave with every other render in flight, letting renderLimit (wall-clock time) fail
 * healthy templates when hundreds of replies are rendered at once.
 */
export function renderParsed(engines: Engines, part: Part, templates: Template[], scope: Record<string, unknown>): string {
  try {
    const output: unknown = engines[formatOf(part)].renderSync(templates, scope, { templateLimit: TEMPLATE_LIMIT });
    return String(output);
  } catch (error) {
    throw new TemplateRenderError(part, error);
  }
}
