// How a line diff is shown (issue 20): runs of unchanged lines beyond a little context folded
// away, so a one-line change gives a short page; and a changed line paired with the line it
// replaced, the changed characters marked within it. Pure: the page renders what this returns.
import type { DiffLine } from "./diff-lines.js";

/** A piece of a line: `changed` when it differs from the line it is paired with. */
export interface Segment {
  text: string;
  changed: boolean;
}

export type DiffRow = (DiffLine & { segments: Segment[] }) | { op: "fold"; count: number; oldLine: number; newLine: number };

/**
 * Marks what differs between a removed line and the line that replaced it: the common start and
 * end stay plain, the middle of each is marked. Enough for the usual edit (a word or two changed).
 */
export function markChange(before: string, after: string): { before: Segment[]; after: Segment[] } {
  const a = Array.from(before);
  const b = Array.from(after);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const split = (xs: string[]): Segment[] =>
    [
      { text: xs.slice(0, head).join(""), changed: false },
      { text: xs.slice(head, xs.length - tail).join(""), changed: true },
      { text: xs.slice(xs.length - tail).join(""), changed: false },
    ].filter((s) => s.text !== "");
  return { before: split(a), after: split(b) };
}

/** The rows to show: changes with `context` unchanged lines around them, longer unchanged runs folded. */
export function diffView(lines: readonly DiffLine[], context = 3): DiffRow[] {
  const rows: DiffRow[] = lines.map((l) => ({ ...l, segments: [{ text: l.text, changed: false }] }));
  // Pair each run of removed lines with the run of added lines right after it, line by line.
  for (let i = 0; i < rows.length; ) {
    if (rows[i]!.op !== "remove") {
      i++;
      continue;
    }
    let r = i;
    while (r < rows.length && rows[r]!.op === "remove") r++;
    let a = r;
    while (a < rows.length && rows[a]!.op === "add") a++;
    for (let k = 0; k < Math.min(r - i, a - r); k++) {
      const before = rows[i + k] as DiffLine & { segments: Segment[] };
      const after = rows[r + k] as DiffLine & { segments: Segment[] };
      const m = markChange(before.text, after.text);
      before.segments = m.before;
      after.segments = m.after;
    }
    i = a;
  }
  // Which unchanged lines are near a change.
  const near = rows.map(() => false);
  rows.forEach((row, i) => {
    if (row.op === "same") return;
    for (let k = Math.max(0, i - context); k <= Math.min(rows.length - 1, i + context); k++) near[k] = true;
  });
  const out: DiffRow[] = [];
  for (let i = 0; i < rows.length; ) {
    const row = rows[i]!;
    if (row.op !== "same" || near[i]) {
      out.push(row);
      i++;
      continue;
    }
    let j = i;
    while (j < rows.length && rows[j]!.op === "same" && !near[j]) j++;
    // Folding a single line saves nothing.
    if (j - i === 1) out.push(row);
    else out.push({ op: "fold", count: j - i, oldLine: (row as DiffLine).oldLine ?? 0, newLine: (row as DiffLine).newLine ?? 0 });
    i = j;
  }
  return out;
}
