import type { ParsedName } from "./match-name.js";
import { dropTitles, isNameWords, trimChars, words, type NameShape } from "./name-words.js";

/**
 * Turns a piece of text that should hold a name into a ParsedName, or undefined when it does
 * not look like one. Shapes: a full name has 2–6 words, one field 1–4, a signature line 2–4
 * capitalised words.
 */

export const FULL: NameShape = { minWords: 2, maxWords: 6, capitals: false };
export const FULL_CAPS: NameShape = { ...FULL, capitals: true };
export const PART: NameShape = { minWords: 1, maxWords: 4, capitals: false };
export const PART_CAPS: NameShape = { ...PART, capitals: true };
export const SIGNATURE: NameShape = { minWords: 2, maxWords: 4, capitals: true };

/** Brackets and what is in them ("Maria Santos (HR)"), quotes, and closing punctuation. */
function tidy(s: string): string {
  const spaced = s
    .replace(/\([^)]*\)|\[[^\]]*\]|<[^>]*>/gu, " ")
    .replace(/["“”«»*_]/gu, " ")
    .replace(/\s+/gu, " ");
  return trimChars(spaced, " ,.;:!?-–—");
}

/** "Santos, Maria" → per field; anything else → undefined. */
export function readLastCommaFirst(s: string, shape: NameShape): ParsedName | undefined {
  const parts = s.split(",").map((p) => dropTitles(words(tidy(p))));
  if (parts.length !== 2) return undefined;
  const [last, first] = parts;
  if (!last || !first || !isNameWords(last, shape) || !isNameWords(first, shape)) return undefined;
  return { firstName: first.join(" "), lastName: last.join(" ") };
}

export function readFullName(s: string, shape: NameShape): ParsedName | undefined {
  const ws = dropTitles(words(tidy(s)));
  return isNameWords(ws, shape) ? { fullName: ws.join(" ") } : undefined;
}

export function readNamePart(s: string, shape: NameShape): string | undefined {
  const ws = dropTitles(words(tidy(s)));
  return isNameWords(ws, shape) ? ws.join(" ") : undefined;
}
