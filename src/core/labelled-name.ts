import type { ParsedName } from "./match-name.js";
import { FULL, PART, readFullName, readLastCommaFirst, readNamePart } from "./read-name.js";

/**
 * Labelled lines in English and French: "First name: Maria", "Given name:", "Last name:",
 * "Family name:", "Surname:", "Name:", "Full name:", "Prénom :", "Nom :", "Nom de famille :",
 * any case, with or without a space before the colon, bullets or bold markers around them.
 */

const FIRST_LABEL = String.raw`(?:first[\s_-]*names?|first|given[\s_-]*names?|forenames?|pr[ée]noms?)`;
const LAST_LABEL = String.raw`(?:last[\s_-]*names?|family[\s_-]*names?|surnames?|nom[\s_-]+de[\s_-]+famille|nom)`;
const FULL_LABEL = String.raw`(?:full[\s_-]*names?|(?:your|my|legal|employee)?[\s_-]*names?|nom[\s_-]+complet|(?:pr[ée]nom[\s_-]+et[\s_-]+nom)|(?:nom[\s_-]+et[\s_-]+pr[ée]nom))`;
const ANY_LABEL = `(?:${FIRST_LABEL}|${LAST_LABEL}|${FULL_LABEL})`;
/** Bilingual labels ("First name / Prénom:") count as their first label. */
const LABEL_LINE = new RegExp(String.raw`^(?:[-*•·]\s*)?\**\s*(${ANY_LABEL}(?:\s*/\s*${ANY_LABEL})*)\s*\**\s*[:：]\s*\**\s*(.*)$`, "iu");
/** A label on its own, as forms and HTML tables put it in a cell: "First name", "Nom :", "**Surname**". */
const BARE_LABEL = new RegExp(String.raw`^\**\s*(${ANY_LABEL}(?:\s*/\s*${ANY_LABEL})*)\s*\**\s*[:：]?\s*\**$`, "iu");
const IS_FIRST = new RegExp(`^${FIRST_LABEL}$`, "iu");
const IS_LAST = new RegExp(`^${LAST_LABEL}$`, "iu");

type LabelKind = "first" | "last" | "full";

function labelKind(label: string): LabelKind {
  const firstLabel = (label.split("/")[0] ?? "").trim().replace(/\s+/gu, " ");
  if (IS_FIRST.test(firstLabel)) return "first";
  if (IS_LAST.test(firstLabel)) return "last";
  return "full";
}

/** The label a cell holds when it holds nothing else ("First name:" → "First name"), or null. */
export function nameLabelOf(cell: string): string | null {
  const m = BARE_LABEL.exec(cell.trim());
  return m ? (m[1] ?? "").trim() : null;
}

export function labelledName(lines: readonly string[]): ParsedName | undefined {
  const found: Partial<Record<LabelKind, string>> = {};
  for (let i = 0; i < lines.length; i++) {
    const m = LABEL_LINE.exec(lines[i] ?? "");
    if (!m) continue;
    const kind = labelKind(m[1] ?? "");
    let value = m[2] ?? "";
    // Forms and HTML tables often put the value on the next line.
    if (value.trim() === "") {
      const next = lines.slice(i + 1).find((l) => l !== "");
      if (next !== undefined && !LABEL_LINE.test(next)) value = next;
    }
    if (found[kind] === undefined && value.trim() !== "") found[kind] = value;
  }

  const first = found.first !== undefined ? readNamePart(found.first, PART) : undefined;
  const last = found.last !== undefined ? readNamePart(found.last, PART) : undefined;
  if (first && last) return { firstName: first, lastName: last };
  // A lone "Name:"/"Nom :" line holds the whole name, possibly as "Last, First".
  const whole = found.full ?? (found.first === undefined ? found.last : undefined);
  if (whole === undefined) return undefined;
  return (
    readLastCommaFirst(whole, PART) ??
    readFullName(whole, FULL) ??
    // "Name: Maria Santos, HR manager"
    readFullName(whole.split(",")[0] ?? "", FULL)
  );
}
