// A small line diff (longest common subsequence) for comparing two template versions. Templates
// are at most 100 kB, and after the common head and tail are cut off the changed middle is small;
// a middle too large for the table is shown as removed-then-added rather than risking memory.

export type DiffOp = "same" | "add" | "remove";

export interface DiffLine {
  op: DiffOp;
  text: string;
  /** 1-based line number in the old text (same/remove) and in the new text (same/add). */
  oldLine: number | null;
  newLine: number | null;
}

const MAX_TABLE_CELLS = 4_000_000;

export function diffLines(before: string, after: string): DiffLine[] {
  const a = before.split("\n");
  const b = after.split("\n");
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;

  const out: DiffLine[] = [];
  const same = (i: number, j: number) => out.push({ op: "same", text: a[i]!, oldLine: i + 1, newLine: j + 1 });
  const remove = (i: number) => out.push({ op: "remove", text: a[i]!, oldLine: i + 1, newLine: null });
  const add = (j: number) => out.push({ op: "add", text: b[j]!, oldLine: null, newLine: j + 1 });

  for (let k = 0; k < head; k++) same(k, k);
  const n = a.length - head - tail;
  const m = b.length - head - tail;
  if (n * m > MAX_TABLE_CELLS) {
    for (let i = 0; i < n; i++) remove(head + i);
    for (let j = 0; j < m; j++) add(head + j);
  } else {
    // lcs[i][j] = length of the LCS of a[head+i..] and b[head+j..], filled from the end.
    const width = m + 1;
    const lcs = new Uint32Array((n + 1) * width);
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lcs[i * width + j] = a[head + i] === b[head + j] ? lcs[(i + 1) * width + j + 1]! + 1 : Math.max(lcs[(i + 1) * width + j]!, lcs[i * width + j + 1]!);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n && j < m) {
      if (a[head + i] === b[head + j]) same(head + i++, head + j++);
      else if (lcs[(i + 1) * width + j]! >= lcs[i * width + j + 1]!) remove(head + i++);
      else add(head + j++);
    }
    while (i < n) remove(head + i++);
    while (j < m) add(head + j++);
  }
  for (let k = tail; k > 0; k--) same(a.length - k, b.length - k);
  return out;
}
