import { nameLabelOf } from "./labelled-name.js";

/**
 * An HTML table as lines of text, so that name labels laid out in cells read like the labelled
 * lines people type (issue 15.1). Forms and mail clients put "First name" in one cell and "Maria"
 * in the next, or a header row of labels over a row of values; either way each label becomes a
 * "Label: value" line. Any other row stays one line (its cells in order), and a row whose cells
 * span several lines (a nested layout table, a signature block) gives each cell's lines in turn
 * rather than side by side, where lines of different cells would run together.
 */
export interface TableCell {
  text: string;
  /** A `<th>` cell. */
  header: boolean;
}

const single = (text: string) => text !== "" && !text.includes("\n");

/** A header row: every filled cell a label (or a `<th>` that is one) and at least one label. */
function headerLabels(row: readonly TableCell[]): Array<string | null> | null {
  const labels = row.map((c) => nameLabelOf(c.text));
  const filled = row.filter((c) => c.text !== "");
  if (!labels.some((l) => l !== null)) return null;
  const allLabels = filled.every((c) => nameLabelOf(c.text) !== null);
  const allHeaders = filled.every((c) => c.header && single(c.text));
  return allLabels || allHeaders ? labels : null;
}

/** "Label | value | Label | value": labels in the even places, values in the odd ones. */
function labelValuePairs(row: readonly TableCell[]): string[] | null {
  const filled = row.map((c) => c.text).filter((t) => t !== "");
  if (filled.length === 0 || filled.length % 2 !== 0) return null;
  const lines: string[] = [];
  for (let i = 0; i < filled.length; i += 2) {
    const label = nameLabelOf(filled[i] ?? "");
    const value = filled[i + 1] ?? "";
    if (label === null || !single(value) || nameLabelOf(value) !== null) return null;
    lines.push(`${label}: ${value}`);
  }
  return lines;
}

export function tableLines(rows: ReadonlyArray<readonly TableCell[]>): string[] {
  const out: string[] = [];
  const cleaned = rows.map((row) => row.map((c) => ({ text: c.text.trim(), header: c.header })));
  for (let j = 0; j < cleaned.length; j++) {
    const row = cleaned[j] ?? [];
    const next = cleaned[j + 1];
    const labels = headerLabels(row);
    if (labels && next && next.length === row.length && headerLabels(next) === null) {
      const below = labels.flatMap((label, i) => {
        const value = next[i]?.text ?? "";
        return label !== null && single(value) && nameLabelOf(value) === null ? [`${label}: ${value}`] : [];
      });
      if (below.length) {
        out.push(...below);
        j++;
        continue;
      }
    }
    const pairs = labelValuePairs(row);
    if (pairs) {
      out.push(...pairs);
      continue;
    }
    const filled = row.map((c) => c.text).filter((t) => t !== "");
    if (filled.every(single)) {
      if (filled.length) out.push(filled.join("   "));
    } else {
      for (const text of filled) out.push(...text.split("\n"));
    }
  }
  return out;
}
