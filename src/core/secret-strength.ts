// Whether a configured secret (PIN_SECRET, PIN_SECRET_PREVIOUS, ENROLLMENT_API_TOKEN) is strong
// enough to keep. A copied placeholder or a string like "aaaa..." makes keyed PIN hashes and the
// API token guessable, so config refuses them before anything starts (issue 13.6).

export const SECRET_ADVICE = "make one with `openssl rand -base64 48`";
export const MIN_SECRET_BYTES = 32;
export const MIN_SECRET_DISTINCT_CHARS = 16;

/**
 * Values that shipped in `.env.example`, the README or the demo at some point. They are public,
 * so they are refused even where they happen to be long and varied enough.
 */
const KNOWN_PLACEHOLDERS = new Set(
  ["change-me-to-the-output-of-openssl-rand-hex-32", "change-me-long-random-token", "demo-only-secret-change-me-0123456789abcdef", "demo-enrollment-token"].map(
    (s) => s.toLowerCase(),
  ),
);

/** Words that only appear in a value someone meant to replace. */
const PLACEHOLDER_WORDS = /change[-_ ]?me|replace[-_ ]?me|placeholder|your[-_ ]?secret|example[-_ ]?secret/i;

/** A sentence saying what is wrong with `value` as a secret, or null when it is acceptable. */
export function secretProblem(value: string): string | null {
  if (KNOWN_PLACEHOLDERS.has(value.toLowerCase()) || PLACEHOLDER_WORDS.test(value)) {
    return `is a placeholder, not a secret; ${SECRET_ADVICE}`;
  }
  const bytes = Buffer.byteLength(value, "utf8");
  if (bytes < MIN_SECRET_BYTES) return `too short (${bytes} bytes; at least ${MIN_SECRET_BYTES} needed); ${SECRET_ADVICE}`;
  const distinct = new Set(value.toLowerCase()).size;
  if (distinct < MIN_SECRET_DISTINCT_CHARS && !isLongRandomHex(value, distinct)) {
    return `too little variety (${distinct} different characters; at least ${MIN_SECRET_DISTINCT_CHARS} needed); ${SECRET_ADVICE}`;
  }
  return null;
}

/**
 * `openssl rand -hex 32`, which this project used to recommend, has only 16 possible characters,
 * and about one in four such secrets lacks one of them. Refusing those would force a rotation
 * on installs whose secret is in fact 256 random bits, so 64+ hex digits need 12 distinct ones
 * (a random one falls below that about once in 50 000).
 */
function isLongRandomHex(value: string, distinct: number): boolean {
  return /^[0-9a-f]{64,}$/i.test(value) && distinct >= 12;
}
