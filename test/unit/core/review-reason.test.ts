import { describe, expect, it } from "vitest";
import { reviewAcknowledged, tooOldReviewReason } from "../../../src/core/review-reason.js";

describe("review reasons", () => {
  it("marks mail that was too old as silent review, read back from the stored text", () => {
    const reason = tooOldReviewReason(30, 14);
    expect(reason).toBe("too old: arrived 30 days before pinmail saw it (IMAP_MAX_AGE_DAYS=14)");
    expect(reviewAcknowledged(reason)).toBe(false);
  });
  it("acknowledges every other review reason, and no reason at all", () => {
    expect(reviewAcknowledged("sender authentication: DMARC failed")).toBe(true);
    expect(reviewAcknowledged("the message body could not be decoded")).toBe(true);
    expect(reviewAcknowledged(null)).toBe(true);
  });
});
