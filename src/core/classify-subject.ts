import { dropTitles, isNameWords, isNonNameWord, isParticle, trimChars, words } from "./name-words.js";

export interface SubjectClass {
  kind: "reset" | "follow-up" | null;
  language: "en" | "fr" | null;
  /** A name written after the PIN Reset phrase ("PIN Reset - Maria Santos"), as written. */
  nameHint: string | null;
}

const MAX_SUBJECT_CHARS = 1000;

const NOT_A_REQUEST: SubjectClass = { kind: null, language: null, nameHint: null };

const DASH = "[-\\u2010-\\u2015\\u2212\\uFE58\\uFE63\\uFF0D_]";

/** "PIN Reset", "PIN-reset", "PINReset": the phrase requesters are told to use. */
const EN_PHRASE = new RegExp(`(?<![\\p{L}\\p{N}])pin\\s*${DASH}?\\s*resets?(?![\\p{L}\\p{N}])`, "giu");

/** "Réinitialisation du NIP", with or without accents, also "réinitialiser mon NIP". */
const FR_PHRASE = new RegExp(
  `(?<![\\p{L}\\p{N}])r[eé]\\s*${DASH}?\\s*initialis(?:ation|er)` +
    `(?:\\s+(?:du|de\\s+mon|de\\s+ma|de\\s+votre|de|mon|ma|le|la|votre))?\\s+(?:nip|pin)(?![\\p{L}\\p{N}])`,
  "giu",
);

const FOLLOW_UP = new RegExp(`(?<![\\p{L}])(?:follow\\s*${DASH}?\\s*up|suivi)(?![\\p{L}])`, "giu");

/**
 * Reply/forward prefixes clients add (EN, FR, and the common European ones that reach
 * Canadian mailboxes: AW/WG German, SV/VS Nordic, RV/ENC Spanish/Portuguese), with counters
 * ("Re[2]:", "RE(3):", "Re^2:"), and tags such as "[EXTERNAL]" or "*EXTERNAL*".
 */
const PREFIX = new RegExp(
  "^(?:" +
    "\\[[^\\]]*\\]" +
    "|\\*{1,3}\\s*(?:external|externe)\\s*\\*{1,3}" +
    "|\\((?:external|externe|ext)\\)" +
    "|(?:re|fwd?|fw|tr|r[eé]f|aw|wg|sv|vs|antw|rv|enc|rif|external|externe)\\s*(?:\\[\\d+\\]|\\(\\d+\\)|\\^\\d+)?\\s*[:：]" +
    ")\\s*",
  "iu",
);

/** Separators between the phrase and a name: spaced dashes, colons, pipes, slashes, brackets. */
const SEGMENT_SPLIT = new RegExp(`\\s${DASH}+\\s?|\\s?${DASH}+\\s|^${DASH}+|${DASH}+$|[:：|/\\\\()\\[\\]{}<>«»"“”!?;]`, "u");

/** Words around a name in a subject that are not part of it ("PIN Reset request for …"). */
const FILLER = new Set([
  "request",
  "requested",
  "requesting",
  "req",
  "please",
  "pls",
  "plz",
  "urgent",
  "urgently",
  "needed",
  "need",
  "required",
  "asap",
  "help",
  "again",
  "thanks",
  "thank",
  "you",
  "for",
  "of",
  "from",
  "by",
  "my",
  "new",
  "the",
  "a",
  "demande",
  "urgente",
  "svp",
  "stp",
  "merci",
  "pour",
  "par",
  "mon",
  "ma",
  "nouveau",
  "nouvel",
  "nouvelle",
  "s'il",
  "vous",
  "plaît",
  "plait",
  "de",
  "du",
  "re",
  "fwd",
  "fw",
  "tr",
]);

function decodeBytes(bytes: Uint8Array, charset: string): string {
  try {
    return new TextDecoder(charset.toLowerCase().split("*")[0] || "utf-8").decode(bytes);
  } catch {
    return new TextDecoder("utf-8").decode(bytes);
  }
}

/**
 * mailparser decodes RFC 2047 before we see the subject; a subject that still carries encoded
 * words (double encoding, or a caller that passed the raw header) is decoded here.
 */
function decodeEncodedWords(s: string): string {
  const word = /=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=/g;
  // Whitespace between two adjacent encoded words is not part of the text (RFC 2047 §6.2).
  const joined = s.replace(/(\?=)\s+(?==\?)/g, "$1");
  return joined.replace(word, (_all, charset: string, encoding: string, text: string) => {
    let bytes: Uint8Array;
    if (encoding.toUpperCase() === "B") {
      bytes = Buffer.from(text, "base64");
    } else {
      const q = text.replace(/_/g, " ").replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
      bytes = Buffer.from(q, "latin1");
    }
    return decodeBytes(bytes, charset);
  });
}

/** Decoded, invisible characters removed, NFC, whitespace collapsed, prefixes and tags stripped. */
export function cleanSubject(subject: string): string {
  // Subjects are short; a cap keeps every regex below cheap on hostile input.
  let s = decodeEncodedWords(subject.slice(0, MAX_SUBJECT_CHARS))
    .replace(/\p{Cf}/gu, "")
    .normalize("NFC")
    .replace(/\s+/gu, " ")
    .trim();
  for (let previous = ""; previous !== s; ) {
    previous = s;
    s = s.replace(PREFIX, "");
  }
  return s;
}

function stripFillers(ws: string[]): string[] {
  let start = 0;
  let end = ws.length;
  const isFiller = (w: string | undefined) => w !== undefined && FILLER.has(trimChars(w.toLowerCase(), ".,"));
  // A leading "de"/"du" is a preposition here ("NIP de Marie Tremblay"), not a particle:
  // a hint starts with the given name.
  while (start < end && isFiller(ws[start])) start++;
  while (end > start && (isFiller(ws[end - 1]) || isParticle(ws[end - 1] ?? ""))) end--;
  return ws.slice(start, end);
}

function hintFrom(rest: string): string | null {
  const withoutFollowUp = rest.replace(FOLLOW_UP, " - ");
  for (const segment of withoutFollowUp.split(SEGMENT_SPLIT)) {
    const ws = dropTitles(stripFillers(words(trimChars(segment, " .,"))));
    if (ws.length === 0) continue;
    const text = ws.join(" ");
    const comma = text.split(/\s*,\s*/u);
    if (comma.length === 2) {
      const [last, first] = comma.map(words);
      const shape = { minWords: 1, maxWords: 4, capitals: true };
      if (last && first && isNameWords(last, shape) && isNameWords(first, shape)) return `${comma[0]}, ${comma[1]}`;
      continue;
    }
    if (comma.length === 1 && isNameWords(ws, { minWords: 2, maxWords: 6, capitals: true })) return text;
    // A segment of only non-name words ("urgent") is skipped; anything else ends the search,
    // so "PIN Reset - account locked - Maria Santos" still finds the name.
    if (!ws.every((w) => isNonNameWord(w))) return null;
  }
  return null;
}

/**
 * Classifies a subject line as a PIN reset request, a follow-up, or neither, and picks up a
 * name written after the phrase. The phrase may appear anywhere: people add to it ("Urgent:
 * PIN reset request"). When both the English and the French phrase appear, the language is
 * that of the first one. Follow-up words count anywhere in a subject that has the phrase.
 */
export function classifySubject(subject: string | null | undefined): SubjectClass {
  if (!subject) return NOT_A_REQUEST;
  const s = cleanSubject(subject);
  const matches = [
    ...[...s.matchAll(EN_PHRASE)].map((m) => ({ m, language: "en" as const })),
    ...[...s.matchAll(FR_PHRASE)].map((m) => ({ m, language: "fr" as const })),
  ].sort((a, b) => (a.m.index ?? 0) - (b.m.index ?? 0));
  const first = matches[0];
  const last = matches[matches.length - 1];
  if (!first || !last) return NOT_A_REQUEST;

  // search() ignores the global flag's lastIndex.
  const kind = s.search(FOLLOW_UP) >= 0 ? "follow-up" : "reset";
  const rest = s.slice((last.m.index ?? 0) + last.m[0].length);
  return { kind, language: first.language, nameHint: hintFrom(rest) };
}
