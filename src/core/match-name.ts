import { normaliseName } from "./normalise-name.js";

/**
 * A name as found in a request: per field when the sender labelled or comma-ordered it,
 * otherwise as one string whose split between first and last name is unknown.
 */
export type ParsedName = { firstName: string; lastName: string } | { fullName: string };

export interface RegisteredName {
  firstName: string;
  lastName: string;
}

/** Commas are punctuation between the two forms, so "Santos,Maria" reads as "Santos, Maria". */
function normaliseWithComma(s: string): string {
  return normaliseName(s).replace(/\s*,\s*/g, ", ");
}

/**
 * Whether a parsed name is exactly the registered person's name under normaliseName.
 * Per field: first with first, last with last (a middle name counts only if the record has it
 * in the first name). One string: it must equal "First Last" or "Last, First" of the record;
 * the record decides where the split is, nothing is guessed.
 */
export function matchName(parsed: ParsedName, registered: RegisteredName): boolean {
  const first = normaliseName(registered.firstName);
  const last = normaliseName(registered.lastName);
  if (first === "" || last === "") return false;

  if ("fullName" in parsed) {
    const full = normaliseWithComma(parsed.fullName);
    return full === `${first} ${last}` || full === normaliseWithComma(`${last}, ${first}`);
  }
  return normaliseName(parsed.firstName) === first && normaliseName(parsed.lastName) === last;
}
