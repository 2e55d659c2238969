// Two names side by side, character by character, for a person deciding a name mismatch: which
// characters differ, and which are invisible or look-alikes from another script (a Cyrillic "а"
// reads as a Latin "a" but is not one). Pure; the page turns the marks into markup (issue 20).

export type CharMark = "same" | "differs" | "invisible" | "lookalike";

export interface MarkedChar {
  char: string;
  mark: CharMark;
  /** U+0430 and what it is, for marks other than "same". */
  note: string | null;
}

const INVISIBLE = /^[\p{Cf}\p{Cc}\p{Zl}\p{Zp}\u034f\u115f\u1160\u3164\uffa0]$/u;
// Letters of the scripts a Latin name is mistaken for; other letters (Latin, accents) are plain.
const SCRIPTS: Array<[RegExp, string]> = [
  [/^\p{Script=Cyrillic}$/u, "Cyrillic letter"],
  [/^\p{Script=Greek}$/u, "Greek letter"],
  [/^\p{Script=Armenian}$/u, "Armenian letter"],
  [/^\p{Script=Cherokee}$/u, "Cherokee letter"],
];
// Characters that look like ones people type, from blocks where the page would not say so.
const CONFUSABLE_PUNCTUATION = /^[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D\u2018\u2019\u201B\u02BC\u2032\uFF07\u00A0\u2000-\u200A\u202F\u205F\u3000]$/u;

const codePoint = (c: string) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;

function special(c: string): { mark: "invisible" | "lookalike"; note: string } | null {
  if (INVISIBLE.test(c)) return { mark: "invisible", note: `${codePoint(c)}, an invisible character` };
  for (const [re, what] of SCRIPTS) if (re.test(c)) return { mark: "lookalike", note: `${codePoint(c)}, a ${what}` };
  if (/^[\uFF01-\uFF5E]$/u.test(c)) return { mark: "lookalike", note: `${codePoint(c)}, a full-width character` };
  if (CONFUSABLE_PUNCTUATION.test(c)) return { mark: "lookalike", note: `${codePoint(c)}, a typographic look-alike of a hyphen, apostrophe or space` };
  return null;
}

/** Characters of `a` and `b` marked against each other (longest common subsequence, exact characters). */
export function diffNames(a: string, b: string): { left: MarkedChar[]; right: MarkedChar[] } {
  const x = [...a.slice(0, 300)];
  const y = [...b.slice(0, 300)];
  // LCS table; names are short, so the quadratic table is small.
  const t: number[][] = Array.from({ length: x.length + 1 }, () => new Array<number>(y.length + 1).fill(0));
  for (let i = x.length - 1; i >= 0; i--)
    for (let j = y.length - 1; j >= 0; j--) t[i]![j] = x[i] === y[j] ? t[i + 1]![j + 1]! + 1 : Math.max(t[i + 1]![j]!, t[i]![j + 1]!);
  const inLcsX = new Array<boolean>(x.length).fill(false);
  const inLcsY = new Array<boolean>(y.length).fill(false);
  for (let i = 0, j = 0; i < x.length && j < y.length; ) {
    if (x[i] === y[j]) {
      inLcsX[i++] = true;
      inLcsY[j++] = true;
    } else if (t[i + 1]![j]! >= t[i]![j + 1]!) i++;
    else j++;
  }
  const mark = (cs: string[], same: boolean[]): MarkedChar[] =>
    cs.map((c, k) => {
      const s = special(c);
      if (s) return { char: c, mark: s.mark, note: same[k] ? s.note : `${s.note}; differs` };
      return same[k] ? { char: c, mark: "same", note: null } : { char: c, mark: "differs", note: `${codePoint(c)} differs from the other name` };
    });
  return { left: mark(x, inLcsX), right: mark(y, inLcsY) };
}
