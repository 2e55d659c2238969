import { describe, expect, it } from "vitest";
import { tooOldReviewReason } from "../../../src/core/review-reason.js";

// Whether a review is acknowledged is a column now (review_acknowledged); the rows stored with
// the old "too old:" marker are converted by the migration (test/integration/request-life.test.ts).
describe("review reasons", () => {
  it("words the reason for mail that was too old as staff read it", () => {
    const reason = tooOldReviewReason(30, 14);
    expect(reason).toBe("too old: arrived 30 days before pinmail saw it (IMAP_MAX_AGE_DAYS=14)");
  });
});
