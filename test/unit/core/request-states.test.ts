import { describe, expect, it } from "vitest";
import { REQUEST_MOVES, REQUEST_STATES, START_STATES, canMove, isRequestState, statesMovingTo } from "../../../src/core/request-states.js";

describe("a request's states and moves", () => {
  it("lists exactly the moves pinmail makes", () => {
    expect(REQUEST_MOVES).toEqual({
      received: ["processing", "review", "ignored", "failed"],
      processing: ["answered", "review"],
      review: ["processing", "ignored", "received", "answered", "review"],
      answered: ["review"],
      ignored: ["review"],
      failed: ["received", "ignored"],
    });
  });
  it("moves only between known states, each listed once", () => {
    for (const from of REQUEST_STATES) {
      const to = REQUEST_MOVES[from];
      expect(new Set(to).size).toBe(to.length);
      for (const t of to) expect(isRequestState(t)).toBe(true);
    }
    expect(isRequestState("decided")).toBe(false);
  });
  it("answers only a request waiting for its reply or settled with its case", () => {
    expect(statesMovingTo("answered")).toEqual(["processing", "review"]);
    expect(canMove("received", "answered")).toBe(false);
  });
  it("never fails a request that was decided; a failed one goes back to received or ignored only", () => {
    expect(statesMovingTo("failed")).toEqual(["received"]);
    expect(REQUEST_MOVES.failed).toEqual(["received", "ignored"]);
    expect(canMove("failed", "review")).toBe(false);
  });
  it("sends to review from every state but failed (a refused reply, a reopened request)", () => {
    expect(statesMovingTo("review")).toEqual(["received", "processing", "review", "answered", "ignored"]);
  });
  it("runs verification again only on staff's word (review: corrected name; failed: re-processed)", () => {
    expect(statesMovingTo("received")).toEqual(["review", "failed"]);
  });
  it("starts a request received, unanswerable or automatic mail ignored, mail for a person failed", () => {
    expect(START_STATES).toEqual({ request: "received", unanswerable: "ignored", automatic: "ignored", attention: "failed" });
  });
});
