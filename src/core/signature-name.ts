import type { ParsedName } from "./match-name.js";
import { words } from "./name-words.js";
import { PART_CAPS, readFullName, readLastCommaFirst, SIGNATURE } from "./read-name.js";

/**
 * The name under a closing ("Thanks,", "Cordialement,"), on the closing line itself, first in
 * a "-- " signature block, or heading the last short paragraph.
 */

const CLOSING = new RegExp(
  "^(?:" +
    [
      "thanks(?:\\s+(?:a\\s+lot|again|so\\s+much|in\\s+advance))?",
      "thank\\s+you(?:\\s+(?:very\\s+much|so\\s+much|in\\s+advance))?",
      "many\\s+thanks",
      "thx",
      "(?:best|kind|warm|warmest)\\s+regards",
      "regards",
      "best\\s+wishes",
      "best",
      "cheers",
      "sincerely(?:\\s+yours)?",
      "yours\\s+(?:truly|sincerely)",
      "respectfully",
      "take\\s+care",
      "merci(?:\\s+(?:beaucoup|bien|d['’]avance|[àa]\\s+l['’]avance))?",
      "(?:bien\\s+)?cordialement",
      "(?:meilleures\\s+|sinc[èe]res\\s+)?salutations(?:\\s+distingu[ée]es)?",
      "bien\\s+[àa]\\s+vous",
      "bonne\\s+(?:fin\\s+de\\s+)?journ[ée]e",
      "au\\s+plaisir",
    ].join("|") +
    ")(?![\\p{L}])[\\s,.!-]*(.*)$",
  "iu",
);

/** A signature's name line, alone or before a title: "Maria Santos | HR", "Maria Santos, CPA". */
function nameLine(line: string): ParsedName | undefined {
  const whole = readFullName(line, SIGNATURE) ?? readLastCommaFirst(line, PART_CAPS);
  if (whole) return whole;
  const beforeTitle = line.split(/\s[|•·–—-]\s|\s*[|•·]\s*|,/u)[0] ?? "";
  return beforeTitle !== line && !/[\d@]/u.test(beforeTitle) ? readFullName(beforeTitle, SIGNATURE) : undefined;
}

export function signatureName(message: readonly string[], signature: readonly string[]): ParsedName | undefined {
  let closing = -1;
  for (let i = message.length - 1; i >= 0; i--) {
    const line = message[i] ?? "";
    if (words(line).length <= 8 && CLOSING.test(line)) {
      closing = i;
      break;
    }
  }
  if (closing >= 0) {
    const rest = CLOSING.exec(message[closing] ?? "")?.[1] ?? "";
    const sameLine = rest !== "" ? nameLine(rest) : undefined;
    if (sameLine) return sameLine;
    const next = message.slice(closing + 1).filter((l) => l !== "")[0];
    if (next !== undefined) return nameLine(next);
  }
  const sigFirst = signature.find((l) => l !== "");
  if (sigFirst !== undefined) return nameLine(sigFirst);
  if (closing >= 0) return undefined;
  // No closing and no delimiter: a last paragraph that starts with a name line.
  let start = message.length;
  while (start > 0 && message[start - 1] === "") start--;
  const end = start;
  while (start > 0 && message[start - 1] !== "") start--;
  if (end - start > 4) return undefined;
  return nameLine(message[start] ?? "");
}
