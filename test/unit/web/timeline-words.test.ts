// The case timeline in words (issue 20): sentences, no JSON, no setting names; details apart.
import { describe, expect, it } from "vitest";
import { eventWords, reasonWords } from "../../../src/web/support/timeline-words.js";

const day = (iso: string) => `day(${iso.slice(0, 10)})`;
const ev = (type: string, detail: unknown, actor = "pinmail") => eventWords({ at: "2026-12-05T12:00:00Z", type, actor, detail }, day);

describe("eventWords", () => {
  it("says where the name was read", () => {
    const w = ev("classified", { kind: "reset", language: "en", name: { firstName: "Maria", lastName: "Santos", source: "labelled" }, review: null });
    expect(w.text).toBe("Read as a PIN reset request in English. Name read from the labelled lines: Maria Santos");
    expect(w.technical).toContainEqual(["Event", "classified"]);
  });

  it("says why a request went to review, without the setting's name", () => {
    const w = ev("verified", {
      outcome: "needs-review",
      state: "review",
      why: "too old: arrived 20 days before pinmail saw it (IMAP_MAX_AGE_DAYS=14)",
      matchedUser: "m@x.test",
    });
    expect(w.text).toBe("Sent to review: received 20 days before pinmail took it, over the 14-day limit");
    expect(w.text).not.toMatch(/IMAP_|[{}]/);
    expect(w.technical).toContainEqual(["matchedUser", "m@x.test"]);
  });

  it("says who issued a PIN and until when", () => {
    expect(ev("pin-issued", { expiresAt: "2026-12-19T17:00:00.000Z", revokedEarlier: 0 }, "support@example.test").text).toBe(
      "PIN issued by support@example.test, expires day(2026-12-19)",
    );
  });

  it("keeps the internal note and the message apart in a reject", () => {
    const w = ev("staff-rejected", { reason: "note for us", message: "Please write again.", template: "name-mismatch" }, "sam@x.test");
    expect(w.text).toBe(
      "Rejected by sam@x.test with the “Name does not match” reply. Internal note: “note for us”. Message to the person: “Please write again.”.",
    );
  });

  it("puts the message id, uid and size in the details only", () => {
    const w = ev("received", { mailbox: "INBOX", uid: 42, size: 1234 });
    expect(w.text).toBe("Received from the mailbox");
    expect(w.technical).toEqual([
      ["Event", "received"],
      ["By", "pinmail"],
      ["mailbox", "INBOX"],
      ["uid", "42"],
      ["size", "1234"],
    ]);
  });

  it("drops setting names from reasons it does not know", () => {
    expect(reasonWords("something over SOME_LIMIT (SOME_LIMIT=3)")).toBe("something over the limit");
  });
});
