import { describe, expect, it } from "vitest";
import { tooOldReviewReason } from "../../../src/core/review-reason.js";
import { decide, type DecisionFacts } from "../../../src/verify/decide.js";
import { baseFacts, maria, now } from "./decide-facts.js";

const base = baseFacts;
const f = (patch: Partial<DecisionFacts>): DecisionFacts => ({ ...base, ...patch });

describe("decide: the checks run in the documented order", () => {
  it.each<[string, Partial<DecisionFacts>, string, string | null]>([
    ["a matching registered user", {}, "pin-issued", "pin-issued"],
    ["an address not on record (even with a real name)", { user: null }, "not-recognised", "not-recognised"],
    [
      "the primary user, even when dormant and nameless",
      { user: { ...maria, role: "primary", activeSince: new Date("2020-01-01"), primaryActiveSince: new Date("2020-01-01") }, name: null },
      "primary-user",
      "primary-user",
    ],
    [
      "a dormant organization before an expired account",
      { user: { ...maria, activeSince: new Date("2020-01-01"), primaryActiveSince: new Date("2024-11-26T12:00:00Z") } },
      "organization-dormant",
      "organization-dormant",
    ],
    [
      "an expired account before a missing name",
      { user: { ...maria, activeSince: new Date("2024-11-26T05:00:00Z") }, name: null },
      "account-expired",
      "account-expired",
    ],
    ["no name before the rate limit", { name: null, pinsLast24h: 9 }, "name-missing", "name-missing"],
    ["a different name", { name: { firstName: "Bob", lastName: "Santos" } }, "name-mismatch", "name-mismatch"],
    ["a one-string name that equals the record", { name: { fullName: "maria  santos" } }, "pin-issued", "pin-issued"],
    ["a mismatch before the rate limit", { name: { fullName: "Maria Santoz" }, pinsLast24h: 3 }, "name-mismatch", "name-mismatch"],
    ["the PIN limit reached", { pinsLast24h: 3 }, "rate-limited", "rate-limited"],
  ])("%s → %s", (_label, patch, outcome, template) => {
    const d = decide(f(patch));
    expect(d.outcome).toBe(outcome);
    expect(d.template).toBe(template);
  });

  it("two years is calendar years: a day short is still active", () => {
    const user = { ...maria, activeSince: new Date("2024-11-27T12:00:00Z") };
    expect(decide(f({ user })).outcome).toBe("pin-issued");
  });

  it("issues a PIN only for pin-issued", () => {
    const d = decide(f({}));
    expect(d.state === "processing" && d.issuePin).toBe(true);
    const m = decide(f({ name: null }));
    expect(m.state === "processing" && m.issuePin).toBe(false);
  });
});

describe("decide: limits", () => {
  it("tells a rate-limited person once, then stays silent", () => {
    expect(decide(f({ pinsLast24h: 3, rateLimitedReplyLast24h: true }))).toMatchObject({ state: "ignored", outcome: "rate-limited", template: null });
  });
  it("stops answering an unknown address after 3 replies in 24 hours", () => {
    expect(decide(f({ user: null, repliesToAddressLast24h: 3 }))).toMatchObject({ state: "ignored", outcome: "not-recognised" });
  });
  it("caps all not-recognised replies per hour", () => {
    expect(decide(f({ user: null, notRecognisedRepliesLastHour: 100 }))).toMatchObject({ state: "ignored", template: null });
    expect(decide(f({ user: null, notRecognisedRepliesLastHour: 99 }))).toMatchObject({ state: "processing", template: "not-recognised" });
  });
  it("silences a flood of mismatches from one registered address", () => {
    expect(decide(f({ name: null, repliesToAddressLast24h: 10 }))).toMatchObject({ state: "ignored", outcome: "name-missing" });
  });
});

describe("decide: review and follow-ups", () => {
  it("acknowledges a review case", () => {
    expect(decide(f({ reviewReason: "sender authentication: DMARC failed" }))).toMatchObject({
      state: "review",
      outcome: "needs-review",
      template: "needs-review",
    });
  });
  it("sends nothing for mail that was too old", () => {
    const reviewReason = tooOldReviewReason(30, 14);
    expect(decide(f({ reviewReason, reviewAcknowledged: false }))).toMatchObject({ state: "review", template: null });
  });
  it("answers an unknown address as not-recognised even when review was flagged", () => {
    expect(decide(f({ user: null, reviewReason: "sender authentication: DMARC failed" })).outcome).toBe("not-recognised");
  });
  it("joins a follow-up to an earlier request in review", () => {
    const earlier = { id: 1, reference: "PM-261125-AAAA", state: "review" as const, outcome: "needs-review" as const, receivedAt: now, pinOutstanding: false };
    expect(decide(f({ kind: "follow-up", earlier }))).toMatchObject({ state: "review", template: "follow-up-review", joinEarlier: true });
  });
  it("re-issues with the follow-up wording when the earlier PIN is unused", () => {
    const earlier = { id: 1, reference: "PM-261125-AAAA", state: "answered" as const, outcome: "pin-issued" as const, receivedAt: now, pinOutstanding: true };
    expect(decide(f({ kind: "follow-up", earlier }))).toMatchObject({ outcome: "pin-issued", template: "follow-up-pin-issued" });
  });
  it("decides a follow-up without an earlier request like a reset", () => {
    expect(decide(f({ kind: "follow-up" }))).toMatchObject({ outcome: "pin-issued", template: "pin-issued" });
  });
});
