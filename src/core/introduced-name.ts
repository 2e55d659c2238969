import type { ParsedName } from "./match-name.js";
import { isCapitalised, isNameWord, isNameWords, isNonNameWord, isParticle, isTitle, words } from "./name-words.js";
import { FULL, FULL_CAPS, PART_CAPS } from "./read-name.js";

/** A name introduced in a sentence: "My name is …", "I'm …", "Je m'appelle …", "Je suis …". */

/** Phrases after which any case is accepted: the sender told us this is their name. */
const EXPLICIT = new RegExp(
  String.raw`\b(?:my\s+(?:(?:full|legal|correct|registered|real)\s+)?name\s+(?:is|should\s+be)|my\s+name['’]s|` +
    String.raw`je\s+m['’]appelle|mon\s+(?:vrai\s+)?nom\s+(?:(?:complet|exact)\s+)?est|je\s+me\s+nomme)` +
    // "my name is spelled Marie-Ève Tremblay", "mon nom est plutôt …"
    String.raw`(?:\s+(?:spelled|spelt|written|actually|correctly|really|plut[ôo]t|en\s+fait|bien))?(?:\s*:)?(?:\s+|\s*$)`,
  "giu",
);
/** Phrases that introduce a name only when it is capitalised ("I am writing" is not a name). */
const CASUAL = /(?:^|[\s,.;!?])(?:i\s+am|i['’]m|this\s+is|je\s+suis|c['’]est)(?:\s+|\s*$)/giu;

type Stop = "end" | "comma" | "punctuation" | "word";

/**
 * Takes name words from the start of `text` up to the first word that cannot be part of a
 * name ("and", "from", "et", …) or a punctuation mark. Titles in front are skipped and
 * particles at the end dropped ("Marie Tremblay de la succursale" → "Marie Tremblay").
 */
function leadingNameWords(text: string, capitals: boolean): { words: string[]; stop: Stop; rest: string } {
  const tokens = words(text);
  const out: string[] = [];
  const finish = (stop: Stop, from: number) => {
    while (out.length > 0 && isParticle(out[out.length - 1] ?? "")) out.pop();
    return { words: out, stop, rest: tokens.slice(from).join(" ") };
  };
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] ?? "";
    if (out.length === 0 && isTitle(token)) continue;
    const initial = /^\p{L}\.$/u.test(token);
    const trailing = initial ? "" : (/[,;:!?.)"”»]+$/u.exec(token)?.[0] ?? "");
    const w = token.slice(0, token.length - trailing.length);
    const nameLike = isNameWord(w) && (isParticle(w) || !isNonNameWord(w)) && (!capitals || isParticle(w) || isCapitalised(w));
    if (!nameLike) return finish("word", i);
    out.push(w);
    if (trailing !== "") return finish(trailing.startsWith(",") ? "comma" : "punctuation", i + 1);
  }
  return finish("end", tokens.length);
}

function nameAfter(text: string, explicit: boolean): ParsedName | undefined {
  const firstToken = words(text)[0] ?? "";
  // After "my name is" a lower-case name is still a name; after "I am" it is not.
  const capitals = !explicit || isCapitalised(firstToken) || isParticle(firstToken) || isTitle(firstToken);
  const lead = leadingNameWords(text, capitals);
  // "My name is Santos, Maria.": one surname (with its particles), a comma, given names, and
  // the end of the sentence. "My name is Maria Santos, and …" is not this shape.
  if (lead.stop === "comma" && lead.words.filter((w) => !isParticle(w)).length === 1) {
    const given = leadingNameWords(lead.rest, true);
    if ((given.stop === "end" || given.stop === "punctuation") && isNameWords(given.words, PART_CAPS)) {
      return { firstName: given.words.join(" "), lastName: lead.words.join(" ") };
    }
  }
  return isNameWords(lead.words, capitals ? FULL_CAPS : FULL) ? { fullName: lead.words.join(" ") } : undefined;
}

export function introducedName(lines: readonly string[]): ParsedName | undefined {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    for (const [re, explicit] of [
      [EXPLICIT, true],
      [CASUAL, false],
    ] as const) {
      for (const m of line.matchAll(re)) {
        let after = line.slice((m.index ?? 0) + m[0].length);
        // "My name is" at the end of a line: the name is on the next one.
        if (after.trim() === "") after = lines.slice(i + 1).find((l) => l !== "") ?? "";
        const name = nameAfter(after, explicit);
        if (name) return name;
      }
    }
  }
  return undefined;
}
