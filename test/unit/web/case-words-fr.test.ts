// The case timeline and the refusals of review actions in French (issue 20, "French for staff"),
// with the English unchanged: the JSON and other English pages keep src/review's words.
import { describe, expect, it } from "vitest";
import { withLocale } from "../../../src/web/i18n/locale.js";
import { eventWords, reasonWords } from "../../../src/web/support/timeline-words.js";
import { reviewErrorWords } from "../../../src/web/support/review-errors.js";
import { refusalMessage, type Refusal } from "../../../src/review/refusal.js";

const day = (iso: string) => `day(${iso.slice(0, 10)})`;
const ev = (type: string, detail: unknown, actor = "pinmail") => eventWords({ at: "2026-12-05T12:00:00Z", type, actor, detail }, day);
const fr = <T>(fn: () => T) => withLocale("fr", fn);

describe("the timeline in French", () => {
  it("tells each event in French, details labelled in French, machine values kept", () => {
    const w = fr(() => ev("pin-issued", { expiresAt: "2026-12-19T05:00:00Z", revokedEarlier: 1 }, "sam@support.test"));
    expect(w.text).toBe("NIP émis par sam@support.test, expire le day(2026-12-19); le NIP précédent ne fonctionne plus");
    expect(w.technical).toContainEqual(["Événement", "pin-issued"]);
    expect(w.technical).toContainEqual(["Par", "sam@support.test"]);
    expect(fr(() => ev("staff-rejected", { reason: "doublon", message: "", template: "name-mismatch" }, "sam@support.test")).text).toBe(
      "Refusée par sam@support.test avec la réponse « Le nom ne correspond pas ». Note interne : « doublon ». Aucun message à la personne.",
    );
    expect(fr(() => ev("verified", { outcome: "not-recognised", state: "answered", why: "no such address" })).text).toBe(
      "Vérifiée dans les registres : Adresse non reconnue (no such address)",
    );
    expect(fr(() => ev("pin-used", {}, "enrollment-api")).text).toBe("NIP utilisé sur le portail");
    expect(fr(() => ev("staff-frobnicated", {}, "enrollment-api")).text).toBe("Frobnicated (par le portail)");
  });

  it("says why in French, without setting names", () => {
    expect(fr(() => reasonWords("message of 900000 bytes is over IMAP_MAX_MESSAGE_BYTES (500000)"))).toBe(
      "le message (900000 octets) dépasse la limite de 500000 octets",
    );
    expect(fr(() => reasonWords("sender authentication: dmarc=fail"))).toBe("l’expéditeur n’a pas pu être confirmé (dmarc=fail)");
    expect(fr(() => reasonWords("something over SOME_LIMIT"))).toBe("something over la limite");
  });

  it("an unknown name source is 'the message'", () => {
    const w = fr(() => ev("classified", { kind: "reset", name: { firstName: "A", lastName: "B", source: "tea-leaves" } }));
    expect(w.text).toBe("Lue comme une demande de réinitialisation de NIP. Nom lu dans le message : A B");
  });
});

describe("refusals of review actions", () => {
  // The refusals src/review gives (codes and values; their English is the JSON API's message).
  const refusals: Refusal[] = [
    { code: "changed-meanwhile", params: { reference: "RQ-1", state: "answered", outcome: "pin-issued" } },
    { code: "no-longer-applies", params: { reference: "RQ-1", state: "answered", outcome: "pin-issued" } },
    { code: "part-of-case", params: { reference: "RQ-2", case: "RQ-1" } },
    { code: "no-person", params: { sender: "x@y.test" } },
    { code: "close-note-missing", params: {} },
    { code: "close-note-too-long", params: { max: 500 } },
    { code: "names-missing", params: {} },
    { code: "reply-needs-values", params: { template: "name-mismatch", values: ["name"] } },
    { code: "internal-note-missing", params: {} },
    { code: "reopen-note-missing", params: {} },
    { code: "reprocessed-meanwhile", params: { reference: "RQ-1" } },
    { code: "not-choosable", params: { template: "pin-issued" } },
  ];
  const english = [
    "RQ-1 was changed by someone else meanwhile (now answered, pin-issued); reload and check before acting",
    "RQ-1 is answered (pin-issued), so this action does not apply any more",
    "RQ-2 is a follow-up that is part of case RQ-1, which is in review: decide that case",
    "no person on record for x@y.test: there is nobody to give a PIN to; reject the request instead",
    "say why the case is closed without a reply (recorded for staff, never sent)",
    "the note is longer than 500 characters",
    "both the first and the last name are needed",
    "the name-mismatch reply needs name, which this request does not have; choose another reply",
    "an internal note is required (reason: recorded for staff, never sent)",
    "say why the request is reopened",
    "RQ-1 was re-processed by someone else meanwhile",
    "template: not a reply staff can choose (pin-issued)",
  ];
  const noSender: Refusal = { code: "no-sender", params: {} };
  const NO_SENDER_MESSAGE = refusalMessage(noSender);

  it("are unchanged in English (the catalogue's English is src/review's own words)", () => {
    for (const [i, r] of refusals.entries()) expect(reviewErrorWords(r)).toBe(english[i]);
    expect(reviewErrorWords(noSender)).toBe(NO_SENDER_MESSAGE);
  });

  it("are all told in French, machine values in words", () => {
    const said = fr(() => refusals.map(reviewErrorWords));
    for (const [i, m] of said.entries()) expect(m, english[i]).not.toBe(english[i]);
    expect(said[0]).toBe("RQ-1 a été modifiée par quelqu’un d’autre entre-temps (maintenant : Répondue, NIP émis); rechargez la page et vérifiez avant d’agir");
    expect(said[1]).toBe("RQ-1 est à l’état Répondue (NIP émis) : cette action ne s’applique plus");
    expect(said[7]).toContain("la réponse « Le nom ne correspond pas » a besoin de name");
    expect(fr(() => reviewErrorWords(noSender))).toMatch(/^Cette demande n’a pas d’adresse d’expéditeur utilisable/);
  });

  it("tells the bot's refusal in French, and shows a message from below review as it came", () => {
    const m = fr(() => reviewErrorWords({ code: "not-eligible", params: { reason: "account-expired", since: "2024-11-30" } }));
    expect(m).toBe(
      "Aucun NIP ne peut être émis : le compte a expiré le 2024-11-30 : personne ne s’y est connecté depuis 2 ans. Si la personne s’est connectée depuis, corrigez les registres et relancez la demande; sinon, répondez avec la réponse « Compte expiré ».",
    );
    expect(fr(() => reviewErrorWords("the mail server refused x@y.test"))).toBe("the mail server refused x@y.test");
    const unreadable: Refusal = { code: "still-unreadable", params: { reason: "sender authentication: dkim=fail" } };
    expect(fr(() => reviewErrorWords(unreadable))).toBe("Ne peut toujours pas être traité : l’expéditeur n’a pas pu être confirmé (dkim=fail)");
    expect(reviewErrorWords(unreadable)).toBe("Still cannot be processed: sender authentication: dkim=fail");
  });
});

describe("the message panel's notes", () => {
  it("tells core/name-diff's notes on characters in French", async () => {
    const { diffNames } = await import("../../../src/core/name-diff.js");
    const { noteWords } = await import("../../../src/web/support/message-panel.js");
    const d = diffNames("M\u0430ria\u200b", "Maria");
    const notes = d.left.filter((c) => c.note).map((c) => c.note!);
    expect(notes.length).toBeGreaterThanOrEqual(2);
    const said = fr(() => notes.map(noteWords));
    expect(said).toContain("U+0430, une lettre cyrillique; diffère");
    expect(said.some((n) => n.startsWith("U+200B, un caractère invisible"))).toBe(true);
    for (const n of said) expect(n).not.toMatch(/letter|invisible character|differs/);
    expect(fr(() => noteWords("something else"))).toBe("something else");
  });

  it("says in French why a message cannot be shown", async () => {
    const { missingWords } = await import("../../../src/web/support/message-panel.js");
    expect(fr(() => missingWords("The message itself was removed by the retention purge."))).toBe(
      "Le message lui-même a été supprimé par la purge de conservation.",
    );
    expect(fr(() => missingWords("The message is too large to show here (3000000 bytes); download the raw source below."))).toBe(
      "Le message est trop volumineux pour être affiché ici (3000000 octets); téléchargez la source brute ci-dessous.",
    );
    expect(missingWords("The message could not be read: boom")).toBe("The message could not be read: boom");
  });
});
