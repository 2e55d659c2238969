/**
 * THE name-comparison rule, used for names parsed from mail and for names submitted to the
 * enrollment API alike. Two names are the same person's name exactly when their normalised
 * forms are equal. Normalisation:
 *
 * 1. removes invisible format characters (Unicode category Cf: zero-width space/joiners
 *    U+200B–U+200D, bidi marks and embeddings U+200E/U+200F, U+202A–U+202E, U+2066–U+2069,
 *    word joiner and invisible operators U+2060–U+2064, BOM U+FEFF, soft hyphen U+00AD, …);
 * 2. composes to Unicode NFC, so "é" typed as e + combining accent equals precomposed "é";
 * 3. reads typographic apostrophes (’ ‘ ‛ ʼ ′ ＇ and the ` ´ people type for them) as ';
 * 4. reads typographic hyphens and dashes (‐ ‑ ‒ – — ― − ﹘ ﹣ －) as -;
 * 5. collapses every run of whitespace (including no-break and other Unicode spaces) to one
 *    space and trims both ends;
 * 6. lower-cases (String.prototype.toLowerCase, locale-independent).
 *
 * Nothing else is forgiven: accents, hyphens, apostrophes, middle names and spelling all
 * count, and a look-alike letter from another script (Cyrillic "а" for Latin "a") is a
 * different letter. "Bob" is not "Robert".
 */
export function normaliseName(s: string): string {
  return s
    .replace(/\p{Cf}/gu, "")
    .normalize("NFC")
    .replace(/[\u2019\u2018\u201B\u02BC\u2032\uFF07\u0060\u00B4]/g, "'")
    .replace(/[\u2010\u2011\u2012\u2013\u2014\u2015\u2212\uFE58\uFE63\uFF0D]/g, "-")
    .replace(/\s+/gu, " ")
    .trim()
    .toLowerCase();
}
