// Issue 13.8: sender authentication is decided on before "not recognised".
import { describe, expect, it } from "vitest";
import { decide, type DecisionFacts, type EarlierRequest } from "../../../src/verify/decide.js";
import { baseFacts, recent } from "./decide-facts.js";

const inReview: EarlierRequest = { id: 7, reference: "PM-261126-AAAA", state: "review", outcome: "needs-review", receivedAt: recent, pinOutstanding: false };

const base: DecisionFacts = { ...baseFacts, reviewReason: "sender authentication: DMARC failed", senderAuth: "fail" };
const f = (patch: Partial<DecisionFacts>): DecisionFacts => ({ ...base, ...patch });

describe("decide: sender authentication first", () => {
  it("failed authentication from an address not on record: no reply, ignored with the reason", () => {
    const d = decide(f({ user: null }));
    expect(d.state).toBe("ignored");
    expect(d.template).toBeNull();
    expect(d.why).toMatch(/DMARC failed.*not on record/);
  });

  it("even with no review reason recorded, a fail is a fail", () => {
    expect(decide(f({ user: null, reviewReason: null })).template).toBeNull();
  });

  it("failed authentication from a registered address: review, acknowledged (to the registered address, by the caller)", () => {
    const d = decide(f({}));
    expect(d).toMatchObject({ state: "review", outcome: "needs-review", template: "needs-review", joinEarlier: false });
  });

  it("never issues a PIN on failed authentication, whatever the name", () => {
    const d = decide(f({}));
    expect(d.state === "processing" && d.issuePin).toBe(false);
  });

  it("acknowledgements to a registered address stop at the daily reply limit", () => {
    const d = decide(f({ repliesToAddressLast24h: 10 }));
    expect(d).toMatchObject({ state: "review", template: null });
  });

  it("a follow-up joining a case in review is answered only if it passes itself", () => {
    const failed = decide(f({ kind: "follow-up", earlier: inReview }));
    expect(failed).toMatchObject({ state: "review", template: null, joinEarlier: true });
    const passed = decide(f({ kind: "follow-up", earlier: inReview, senderAuth: "pass", reviewReason: null }));
    expect(passed).toMatchObject({ state: "review", template: "follow-up-review", joinEarlier: true });
  });

  it("without a failure the order is unchanged: an unknown address gets not-recognised", () => {
    for (const senderAuth of ["pass", "none", null, undefined] as const) {
      expect(decide(f({ user: null, reviewReason: null, senderAuth })).template).toBe("not-recognised");
    }
  });
});
