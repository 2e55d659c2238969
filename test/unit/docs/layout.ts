// The README's Layout section (a fenced tree: top-level folders, src/'s folders indented by two)
// against the tree: every folder under src/ has its line, every line names something that exists,
// and the paths its descriptions mention (web/i18n/catalog.ts, time-zone.ts, ...) exist too.
// Used by readme-layout.test.ts.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fences, section } from "./markdown.js";

export interface LayoutEntry {
  /** "src/web/", "src/config.ts", "deploy/": the path from the repository's root. */
  path: string;
  /** The entry's description, its continuation lines included. */
  text: string;
}

/** The Layout section's entries: `name/` or `name.ts` at the start of a line, under `src/` when indented. */
export function layoutEntries(readme: string): LayoutEntry[] {
  const tree = fences(section(readme, "Layout"))[0] ?? "";
  const out: LayoutEntry[] = [];
  for (const line of tree.split("\n")) {
    const m = /^( {0,2})([a-z][\w.-]*\/|[a-z][\w.-]*\.ts)(?=\s|$)(.*)$/.exec(line);
    if (m) out.push({ path: m[1] ? `src/${m[2]}` : m[2]!, text: m[3]! });
    else if (out.length && !/^\s*#/.test(line)) out[out.length - 1]!.text += `\n${line}`;
  }
  return out.filter((e) => e.path !== "src/");
}

/**
 * Paths a description mentions: words with a `/` or a file extension (`web/i18n/catalog.ts`,
 * `time-zone.ts`, `prometheus/alerts.yml`), not placeholders (`<stamp>`), hidden files (`.env`) or
 * URLs and routes (`/api/openapi.json`).
 */
export function mentionedPaths(text: string): string[] {
  const words = text.replace(/`/g, " ").split(/[\s,;:()]+/);
  return words.filter((w) => /^[a-z][\w.-]*(\/[\w.-]+)*\/?$/.test(w) && (w.includes("/") || /\.(ts|mjs|json|yml|md|sh)$/.test(w)));
}

export function layoutProblems(readme: string, root: string, srcFolders: string[]): string[] {
  const problems: string[] = [];
  const entries = layoutEntries(readme);
  const listed = new Set(entries.map((e) => e.path));
  for (const f of srcFolders) if (!listed.has(`src/${f}/`)) problems.push(`src/${f}/: a folder without its line in the README's Layout section`);
  for (const e of entries) {
    if (!existsSync(join(root, e.path))) {
      problems.push(`${e.path}: a line in the README's Layout section, but it does not exist`);
      continue;
    }
    // A mentioned path is read from the entry's own folder, then from src/, then from the root.
    const bases = [e.path.endsWith("/") ? e.path : "src/", "src/", ""];
    for (const p of mentionedPaths(e.text))
      if (!bases.some((b) => existsSync(join(root, b, p)))) problems.push(`${e.path}: its line mentions ${p}, which does not exist`);
  }
  return problems;
}
