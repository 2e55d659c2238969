// The sliding window's arithmetic (SMTP_RATE_PER_MINUTE, issue 17): the per-process fallback uses
// it and the shared limiter's Lua script mirrors it.
import { describe, expect, it } from "vitest";
import { liveSends, waitForSlot } from "../../../src/core/send-window.js";

const w = { limit: 3, windowMs: 60_000 };

describe("send window", () => {
  it("a send counts for exactly one window after it, oldest first", () => {
    expect(liveSends([30_000, 1_000, 60_999], 61_000, w)).toEqual([30_000, 60_999]);
    // At s + windowMs it no longer counts; 1 ms before it still does.
    expect(liveSends([1_000], 61_000, w)).toEqual([]);
    expect(liveSends([1_000], 60_999, w)).toEqual([1_000]);
  });

  it("sends at once while fewer than the limit are counted", () => {
    expect(waitForSlot([], 0, w)).toBe(0);
    expect(waitForSlot([0, 10_000], 20_000, w)).toBe(0);
    // Three in the window, but the oldest has aged out: a slot is free.
    expect(waitForSlot([0, 10_000, 20_000], 60_000, w)).toBe(0);
  });

  it("at the limit, waits until the oldest counted send ages out", () => {
    expect(waitForSlot([0, 10_000, 20_000], 30_000, w)).toBe(30_000);
    expect(waitForSlot([20_000, 0, 10_000], 59_999, w)).toBe(1);
  });

  it("with more counted than the limit (the limit was lowered), waits for enough of them to age out", () => {
    // Five counted, limit 3: three must age out, so the third oldest decides.
    expect(waitForSlot([0, 1_000, 2_000, 3_000, 4_000], 5_000, w)).toBe(57_000);
  });

  it("never answers 0 while full, so a waiter sleeps instead of spinning", () => {
    expect(waitForSlot([0, 0, 0], 0, w)).toBe(60_000);
    expect(waitForSlot([0, 0, 0], 60_000 - 0.5, w)).toBe(1);
  });
});
