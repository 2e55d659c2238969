// The settings as the loader reads them (src/config/*-sections.ts, plus the names src/config.ts
// looks up itself) and the README's settings tables, compared: a name on one side only, or a
// default written differently from the loader's, is a problem. Used by readme-settings.test.ts.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { tables } from "./markdown.js";

/** One field of a section: what it makes of a value (or of nothing, its default). */
export interface Field {
  safeParse(v: unknown): { success: boolean; data?: unknown };
}

/** A setting's name: capitals, digits and at least one underscore (`PIN_SECRET`, not `HSTS`). */
export const SETTING_NAME = /\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g;

/**
 * Names the README may mention that the loader does not have a row for, each with why. Keep it short:
 * anything else the README names as a setting must be one pinmail reads.
 */
export const NOT_LOADER_SETTINGS: Record<string, string> = {
  NODE_ENV: "Node's own; the loader reads it only to imply PINMAIL_ENV, and PINMAIL_ENV's row says so",
  NODE_OPTIONS: "Node's own (--max-old-space-size); the image and the systemd units set it",
  PINMAIL_PORT_BASE: "read by scripts/services.sh (the local services' port block), not by pinmail",
};

/** Every variable the loader reads, with its field in each section that declares it. */
export async function loaderSettings(root: string): Promise<Map<string, Field[]>> {
  const out = new Map<string, Field[]>();
  const dir = join(root, "src/config");
  for (const file of readdirSync(dir).filter((f) => f.endsWith("-sections.ts"))) {
    const mod = (await import(join(dir, file))) as Record<string, Record<string, unknown>>;
    for (const group of Object.values(mod))
      for (const schema of Object.values(group)) {
        for (const [name, field] of Object.entries(shapeOf(schema))) out.set(name, [...(out.get(name) ?? []), field]);
      }
  }
  // loadConfig also looks names up itself (MAIL_AUTH's needs); each must be a declared field.
  const own = readFileSync(join(root, "src/config.ts"), "utf8");
  for (const m of own.matchAll(/(?:env\[|blank\(|need\()"([A-Z][A-Z0-9_]+)"/g)) if (!out.has(m[1]!)) out.set(m[1]!, []);
  return out;
}

/** A section's object shape, through refinements and transforms (zod 4: a pipe keeps its input as `in`). */
function shapeOf(schema: unknown): Record<string, Field> {
  let s = schema as { shape?: Record<string, Field>; in?: unknown } | undefined;
  while (s && !s.shape && s.in) s = s.in as typeof s;
  if (!s?.shape) throw new Error("a config section that is not a zod object: settings.ts cannot read its names");
  return s.shape;
}

/** The rows of the README's settings tables (header `| Variable | Default | Meaning |`). */
export function settingsRows(readme: string): { names: string[]; defaults: string; row: string }[] {
  return tables(readme)
    .filter((t) => t.header[0] === "Variable")
    .flatMap((t) =>
      t.rows.map((r) => ({
        names: [...(r[0] ?? "").matchAll(/`([^`]+)`/g)].map((m) => m[1]!),
        defaults: r[1] ?? "",
        row: r.join(" | "),
      })),
    );
}

const parse = (field: Field, v: string | undefined) => {
  const r = field.safeParse(v);
  return r.success ? { ok: true, value: r.data } : { ok: false, value: undefined };
};

/**
 * A default as the README writes it, against the loader: `—` means none (required, or nothing);
 * a lone literal must read as the loader's own default. Prose ("`10`; `3` with ...", "`MAIL_FROM`'s
 * address") is for people and not compared.
 */
function defaultProblem(name: string, written: string, fields: Field[], loader: Map<string, Field[]>): string | null {
  const none = /^—(\s*\(.*\))?$/.test(written);
  const literal = /^`([^`]+)`$/.exec(written)?.[1];
  if (!none && (literal === undefined || loader.has(literal))) return null;
  for (const field of fields) {
    const dflt = parse(field, undefined);
    if (none) {
      const nothing = !dflt.ok || dflt.value === undefined || dflt.value === null || isDeepStrictEqual(dflt.value, []);
      if (!nothing) return `${name}: the README says no default ("${written}"), the loader defaults to ${JSON.stringify(dflt.value)}`;
    } else {
      const as = parse(field, literal);
      if (!dflt.ok || !as.ok || !isDeepStrictEqual(as.value, dflt.value))
        return `${name}: the README's default ${written} is not the loader's (${dflt.ok ? JSON.stringify(dflt.value) : "required"})`;
    }
  }
  return null;
}

/** Splits a Default cell into one part per variable of its row (`—, `993`, `true``). */
function defaultParts(cell: string, count: number): string[] | null {
  const parts = cell.split(/,\s+(?=`|—)/);
  if (parts.length === count) return parts;
  if (parts.length === 1) return Array(count).fill(cell);
  return null;
}

export function settingsProblems(readme: string, loader: Map<string, Field[]>): string[] {
  const problems: string[] = [];
  const rows = settingsRows(readme);
  const documented = new Set(rows.flatMap((r) => r.names));
  for (const name of loader.keys())
    if (!documented.has(name) && !NOT_LOADER_SETTINGS[name]) problems.push(`${name}: read by the loader, but no row in the README's settings table`);
  for (const r of rows) {
    if (!r.names.length) problems.push(`a settings row names no variable: ${r.row}`);
    for (const name of r.names) if (!loader.has(name)) problems.push(`${name}: a row in the README's settings table, but the loader does not read it`);
    const parts = defaultParts(r.defaults, r.names.length);
    if (!parts) {
      problems.push(`${r.names.join(", ")}: ${r.names.length} variables but the Default cell does not split into as many ("${r.defaults}")`);
      continue;
    }
    r.names.forEach((name, i) => {
      const p = loader.has(name) ? defaultProblem(name, parts[i]!.trim(), loader.get(name)!, loader) : null;
      if (p) problems.push(p);
    });
  }
  // Defaults written elsewhere: `NAME=value` in another table's Default column (retention), and
  // `NAME` (`value`) in other tables (the alerts' thresholds).
  for (const t of tables(readme).filter((t) => t.header[0] !== "Variable")) {
    const col = t.header.indexOf("Default");
    for (const row of t.rows) {
      const found: [string, string][] = [];
      if (col >= 0) for (const m of (row[col] ?? "").matchAll(/`([A-Z][A-Z0-9_]+)=([^`]+)`/g)) found.push([m[1]!, m[2]!]);
      for (const cell of row) for (const m of cell.matchAll(/`([A-Z][A-Z0-9_]+)` \(`([^`]+)`\)/g)) found.push([m[1]!, m[2]!]);
      for (const [name, value] of found) {
        if (!loader.has(name)) problems.push(`${name}: given a default in the README ("${row[0]}" row), but the loader does not read it`);
        else {
          const p = defaultProblem(name, `\`${value}\``, loader.get(name)!, loader);
          if (p) problems.push(p);
        }
      }
    }
  }
  // Anywhere else in the README, a setting's name must be one pinmail reads (or an allowed other).
  const mentioned = new Set([...readme.matchAll(SETTING_NAME)].map((m) => m[0]));
  for (const name of mentioned)
    if (!loader.has(name) && !NOT_LOADER_SETTINGS[name]) problems.push(`${name}: named in the README, but the loader does not read it`);
  for (const name of Object.keys(NOT_LOADER_SETTINGS))
    if (!mentioned.has(name)) problems.push(`${name}: in NOT_LOADER_SETTINGS but the README no longer names it (drop it from the list)`);
  return problems;
}

/** Names in `.env.example` (`NAME=value` lines, commented out or not). */
export function envExampleNames(text: string): Set<string> {
  return new Set([...text.matchAll(/^#?([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]!));
}
