// Names, addresses and subjects that came from outside (mail, records) as staff pages show them.
// A right-to-left override or a zero-width character can make "Maria Santos" read as someone
// else, or reorder the cells around it; so the text is isolated in <bdi> (its direction cannot
// leak into the page) and every invisible character is shown as a visible, labelled mark (issue 13.13).
import { escapeHtml, html, raw, type SafeHtml } from "./html.js";

const NAMES: Record<number, string> = {
  0x00ad: "soft hyphen",
  0x034f: "combining grapheme joiner",
  0x061c: "Arabic letter mark",
  0x115f: "Hangul choseong filler",
  0x1160: "Hangul jungseong filler",
  0x180e: "Mongolian vowel separator",
  0x200b: "zero-width space",
  0x200c: "zero-width non-joiner",
  0x200d: "zero-width joiner",
  0x200e: "left-to-right mark",
  0x200f: "right-to-left mark",
  0x2028: "line separator",
  0x2029: "paragraph separator",
  0x202a: "left-to-right embedding",
  0x202b: "right-to-left embedding",
  0x202c: "end of direction embedding",
  0x202d: "left-to-right override",
  0x202e: "right-to-left override",
  0x2060: "word joiner",
  0x2066: "left-to-right isolate",
  0x2067: "right-to-left isolate",
  0x2068: "first strong isolate",
  0x2069: "end of direction isolate",
  0x3164: "Hangul filler",
  0xfeff: "zero-width no-break space",
  0xffa0: "halfwidth Hangul filler",
};

/** Characters that print nothing (or only move text around): format and control characters, separators, fillers. */
const INVISIBLE = /[\p{Cf}\p{Cc}\p{Zl}\p{Zp}\u034f\u115f\u1160\u3164\uffa0]/gu;

/** Code point as people write it: U+202E. */
const codePoint = (c: string) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;

/** The invisible characters of `text`, each shown as a labelled mark; the rest escaped as usual. */
export function revealInvisible(text: string): SafeHtml {
  let out = "";
  let last = 0;
  for (const m of text.matchAll(INVISIBLE)) {
    const c = m[0];
    const name = NAMES[c.codePointAt(0)!] ?? "invisible character";
    out += escapeHtml(text.slice(last, m.index));
    out += `<span class="invisible-char" title="hidden character: ${escapeHtml(name)} (${codePoint(c)})">${codePoint(c)}</span>`;
    last = m.index! + c.length;
  }
  return raw(out + escapeHtml(text.slice(last)));
}

/** Outside text for a staff page: isolated in <bdi>, invisible characters made visible. */
export function userText(value: string | null | undefined): SafeHtml {
  if (value === null || value === undefined || value === "") return html``;
  return html`<bdi>${revealInvisible(value)}</bdi>`;
}
