import { classifySubject } from "./classify-subject.js";
import type { ParsedName } from "./match-name.js";
import { introducedName } from "./introduced-name.js";
import { labelledName } from "./labelled-name.js";
import { newestMessageText } from "./newest-message-text.js";
import { FULL, PART, PART_CAPS, readFullName, readLastCommaFirst } from "./read-name.js";
import { signatureName } from "./signature-name.js";

export type NameSource = "labelled" | "my-name-is" | "last-first" | "signature" | "subject" | "from-display-name";

export interface ParsedSenderName {
  name: ParsedName;
  source: NameSource;
}

export interface SenderNameInput {
  text: string | null;
  html: string | null;
  subject: string | null;
  fromName: string | null;
}

/** "Santos, Maria" on a line of its own. */
function lastFirstLineName(lines: readonly string[]): ParsedName | undefined {
  for (const line of lines) {
    if (!/^[^,]+,[^,]+$/u.test(line) || /[\d@]/u.test(line)) continue;
    const name = readLastCommaFirst(line.replace(/\.$/u, ""), PART_CAPS);
    if (name) return name;
  }
  return undefined;
}

function fromSubject(subject: string | null): ParsedName | undefined {
  const hint = classifySubject(subject).nameHint;
  if (hint === null) return undefined;
  return readLastCommaFirst(hint, PART_CAPS) ?? { fullName: hint };
}

function fromDisplayName(display: string | null): ParsedName | undefined {
  if (!display || display.length > 200 || /[\d@]/u.test(display)) return undefined;
  const s = display
    .replace(/\p{Cf}/gu, "")
    .normalize("NFC")
    .replace(/^['"\s]+|['"\s]+$/gu, "");
  return readLastCommaFirst(s, PART) ?? readFullName(s, FULL);
}

/**
 * The requester's name, from the newest part of the mail only, in this order: labelled
 * lines, "My name is …", a "Last, First" line, the signature under a closing, the subject
 * ("PIN Reset - Maria Santos"), and only when all of these found nothing, the From display
 * name. A name that is only one string comes back as `{ fullName }`: the record decides where
 * first name ends and last name begins. Returns null when no name could be found.
 */
export function parseSenderName(input: SenderNameInput): ParsedSenderName | null {
  const { message, signature } = newestMessageText(input.text, input.html);
  const attempts: Array<[NameSource, () => ParsedName | undefined]> = [
    ["labelled", () => labelledName(message)],
    ["my-name-is", () => introducedName(message)],
    ["last-first", () => lastFirstLineName(message)],
    ["signature", () => signatureName(message, signature)],
    ["subject", () => fromSubject(input.subject)],
    ["from-display-name", () => fromDisplayName(input.fromName)],
  ];
  for (const [source, attempt] of attempts) {
    const name = attempt();
    if (name) return { name, source };
  }
  return null;
}
