// Typed refusals (issue 14: typed errors; issue 20: French for staff). Every refusal code has
// English and French words; the English the JSON API sends is byte for byte the sentence it was
// before refusals had codes, and the English staff page says the same.
import { describe, expect, it } from "vitest";
import { REFUSAL_CODES, refusalMessage, type Refusal, type RefusalCode, type RefusalParams } from "../../../src/review/refusal.js";
import { refusalWords } from "../../../src/web/support/review-errors.js";
import { withLocale } from "../../../src/web/i18n/locale.js";

type Sample = { [C in RefusalCode]: { params: RefusalParams[C]; english: string } };

/** One refusal per code and its sentence as src/review wrote it before (a missing code fails the type check). */
const SAMPLES: Sample = {
  "changed-meanwhile": {
    params: { reference: "RQ-1", state: "answered", outcome: "pin-issued" },
    english: "RQ-1 was changed by someone else meanwhile (now answered, pin-issued); reload and check before acting",
  },
  "no-longer-applies": {
    params: { reference: "RQ-1", state: "answered", outcome: "pin-issued" },
    english: "RQ-1 is answered (pin-issued), so this action does not apply any more",
  },
  "part-of-case": {
    params: { reference: "RQ-2", case: "RQ-1" },
    english: "RQ-2 is a follow-up that is part of case RQ-1, which is in review: decide that case",
  },
  "no-sender": {
    params: {},
    english: "This request has no usable sender address (not one plain address), so no reply and no PIN can be sent for it; close it without a reply instead.",
  },
  "no-person": {
    params: { sender: "x@y.test" },
    english: "no person on record for x@y.test: there is nobody to give a PIN to; reject the request instead",
  },
  "not-eligible": {
    params: { reason: "account-expired", since: "2024-11-30" },
    english:
      "No PIN can be issued: the account expired on 2024-11-30: it has not been signed in to for 2 years. If the person has signed in since, correct the records and re-run the request; otherwise answer with the “Account expired” reply.",
  },
  "close-note-missing": { params: {}, english: "say why the case is closed without a reply (recorded for staff, never sent)" },
  "close-note-too-long": { params: { max: 500 }, english: "the note is longer than 500 characters" },
  "names-missing": { params: {}, english: "both the first and the last name are needed" },
  "names-too-long": { params: { max: 200 }, english: "names longer than 200 characters are not names" },
  "reply-needs-values": {
    params: { template: "name-mismatch", values: ["name", "firstName"] },
    english: "the name-mismatch reply needs name, firstName, which this request does not have; choose another reply",
  },
  "internal-note-missing": { params: {}, english: "an internal note is required (reason: recorded for staff, never sent)" },
  "internal-note-too-long": { params: { max: 2000 }, english: "the internal note is longer than 2000 characters" },
  "message-too-long": { params: { max: 2000 }, english: "the message to the person is longer than 2000 characters" },
  "not-choosable": { params: { template: "pin-issued" }, english: "template: not a reply staff can choose (pin-issued)" },
  "reopen-note-missing": { params: {}, english: "say why the request is reopened" },
  "not-in-attention": {
    params: { reference: "RQ-3", state: "answered" },
    english: "RQ-3 is not a message waiting in the attention folder (it is answered)",
  },
  "raw-purged": {
    params: { reference: "RQ-3", at: "2026-11-01T05:00:00.000Z" },
    english: "RQ-3's raw source was removed by the retention purge on 2026-11-01T05:00:00.000Z; there is nothing to re-process",
  },
  "reprocessed-meanwhile": { params: { reference: "RQ-3" }, english: "RQ-3 was re-processed by someone else meanwhile" },
  "still-unreadable": {
    params: { reason: "sender authentication: dkim=fail" },
    english: "Still cannot be processed: sender authentication: dkim=fail",
  },
  "pin-not-live": { params: {}, english: "this PIN is already used, revoked or replaced" },
};

const samples = Object.entries(SAMPLES).map(([code, s]) => ({ refusal: { code, params: s.params } as Refusal, english: s.english }));

describe("refusals have a code, English for the API and words in both staff languages", () => {
  it("the samples cover every code", () => {
    expect(Object.keys(SAMPLES).sort()).toEqual([...REFUSAL_CODES].sort());
  });

  it("the API's English is today's sentence, and the English page says the same", () => {
    for (const { refusal, english } of samples) {
      expect(refusalMessage(refusal), refusal.code).toBe(english);
      expect(
        withLocale("en", () => refusalWords(refusal)),
        refusal.code,
      ).toBe(english);
    }
  });

  it("every code has French words of its own", () => {
    for (const { refusal, english } of samples) {
      const fr = withLocale("fr", () => refusalWords(refusal));
      expect(fr, refusal.code).not.toBe(english);
      expect(fr.length, refusal.code).toBeGreaterThan(10);
      // No English sentence left over (the words that start or join today's sentences).
      expect(fr, refusal.code).not.toMatch(/\b(the|is|was|reply|should|cannot|no person|already)\b/);
    }
  });

  it("every reason the bot's rules give is told in both languages", () => {
    const reasons = ["person-inactive", "organization-inactive", "primary-user", "organization-dormant", "account-expired"] as const;
    for (const reason of reasons) {
      const r: Refusal = {
        code: "not-eligible",
        params: { reason, since: reason === "organization-dormant" || reason === "account-expired" ? "2025-01-02" : null },
      };
      expect(
        withLocale("en", () => refusalWords(r)),
        reason,
      ).toBe(refusalMessage(r));
      expect(refusalMessage(r), reason).toMatch(/^No PIN can be issued: .+\. .+$/);
      expect(
        withLocale("fr", () => refusalWords(r)),
        reason,
      ).toMatch(/^Aucun NIP ne peut être émis : .+\. .+$/);
    }
  });
});
