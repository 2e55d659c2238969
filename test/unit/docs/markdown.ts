// Just enough Markdown reading for the README checks (test/unit/docs/): sections by heading,
// pipe tables, inline code, fenced blocks, links and GitHub's heading anchors. Pure functions of
// the text, so each check can also be run on a broken copy to show it fails.

/** The text under `## <title>` (any level) up to the next heading of the same or a higher level; "" when absent. */
export function section(md: string, title: string): string {
  const lines = md.split("\n");
  const start = lines.findIndex((l) => /^#{1,6} /.test(l) && l.replace(/^#+ /, "").trim() === title);
  if (start < 0) return "";
  const level = /^#+/.exec(lines[start]!)![0].length;
  const end = lines.findIndex((l, i) => i > start && /^#{1,6} /.test(l) && /^#+/.exec(l)![0].length <= level && !inFence(lines, i));
  return lines.slice(start + 1, end < 0 ? undefined : end).join("\n");
}

function inFence(lines: string[], at: number): boolean {
  let open = false;
  for (let i = 0; i < at; i++) if (/^\s*```/.test(lines[i]!)) open = !open;
  return open;
}

/** Splits one table row into its cells; `\|` inside a cell is a literal bar, not a border. */
export function cells(row: string): string[] {
  const inner = row.trim().replace(/^\|/, "").replace(/\|$/, "");
  return inner.split(/(?<!\\)\|/).map((c) => c.trim().replace(/\\\|/g, "|"));
}

export interface Table {
  header: string[];
  rows: string[][];
}

/** Every pipe table outside fenced blocks: its header cells and body rows. */
export function tables(md: string): Table[] {
  const lines = withoutFences(md).split("\n");
  const out: Table[] = [];
  for (let i = 0; i + 1 < lines.length; i++) {
    if (!lines[i]!.startsWith("|") || !/^\|[\s|:-]+\|$/.test(lines[i + 1]!.trim())) continue;
    const table: Table = { header: cells(lines[i]!), rows: [] };
    let j = i + 2;
    for (; j < lines.length && lines[j]!.startsWith("|"); j++) table.rows.push(cells(lines[j]!));
    out.push(table);
    i = j;
  }
  return out;
}

/** The text with fenced blocks blanked (line count kept). */
export function withoutFences(md: string): string {
  let open = false;
  return md
    .split("\n")
    .map((l) => {
      if (/^\s*```/.test(l)) {
        open = !open;
        return "";
      }
      return open ? "" : l;
    })
    .join("\n");
}

/** The contents of fenced blocks, one string per block. */
export function fences(md: string): string[] {
  return [...md.matchAll(/^\s*```[^\n]*\n([\s\S]*?)^\s*```/gm)].map((m) => m[1]!);
}

/** The contents of inline code spans outside fenced blocks. */
export function codeSpans(md: string): string[] {
  return [...withoutFences(md).matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!);
}

/** Link targets, `[text](target)` and `![alt](target)`, outside code. */
export function linkTargets(md: string): string[] {
  const prose = withoutFences(md).replace(/`[^`\n]+`/g, "");
  return [...prose.matchAll(/!?\[[^\]\n]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]!);
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
export function anchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/`/g, "")
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

/** The anchors of every heading outside fenced blocks (a repeated heading gets -1, -2, ... as on GitHub). */
export function anchors(md: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const m of withoutFences(md).matchAll(/^#{1,6} (.+)$/gm)) {
    const base = anchor(m[1]!);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n ? `${base}-${n}` : base);
  }
  return out;
}
