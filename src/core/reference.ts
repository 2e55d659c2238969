import { randomBytes } from "node:crypto";
import { torontoCalendarDate } from "./toronto-date.js";

/**
 * Request references look like `PM-261126-7K3Q`: the America/Toronto date the request was
 * received (yymmdd; Toronto because staff and requesters read it next to Toronto due dates,
 * and a UTC date would roll over at 19:00/20:00 local) and 4 characters from an alphabet
 * without 0/O and 1/I, which people misread when they type a reference back to us.
 *
 * 32^4 ≈ 1 M references per day, so collisions are rare but possible: the caller stores the
 * reference under a unique constraint and draws again on conflict.
 */

export const REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

const SUFFIX_LENGTH = 4;
const PATTERN = new RegExp(`^PM-(\\d{2})(\\d{2})(\\d{2})-[${REFERENCE_ALPHABET}]{${SUFFIX_LENGTH}}$`);

export function makeReference(now: Date, random: (n: number) => Buffer = randomBytes): string {
  const { year, month, day } = torontoCalendarDate(now);
  const date = [year % 100, month, day].map((n) => String(n).padStart(2, "0")).join("");
  const bytes = random(SUFFIX_LENGTH);
  if (bytes.length < SUFFIX_LENGTH) throw new Error("random source returned too few bytes");
  let suffix = "";
  // 256 is a multiple of 32, so taking each byte modulo 32 is unbiased.
  for (let i = 0; i < SUFFIX_LENGTH; i++) {
    suffix += REFERENCE_ALPHABET[(bytes[i] ?? 0) % REFERENCE_ALPHABET.length];
  }
  return `PM-${date}-${suffix}`;
}

/** Exact, upper-case form only; callers that accept typed-in references upper-case first. */
export function isReference(s: string): boolean {
  const m = PATTERN.exec(s);
  if (!m) return false;
  const month = Number(m[2]);
  const day = Number(m[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}
