// Issue 15.2: due dates count from when pinmail took the mail, and never lie in the past; the
// arrival in the mailbox is kept apart from the moment pinmail took the mail.
import { describe, expect, it } from "vitest";
import { addBusinessDays } from "../../../src/core/business-days.js";
import { reviewDueAt, reviewDueFrom } from "../../../src/core/review-due.js";
import { arrival } from "../../../src/ingest/intake.js";

describe("reviewDueAt", () => {
  const taken = new Date("2026-12-07T15:00:00Z"); // Monday 10:00 in Toronto
  it("is 3 business days after pinmail took the mail (Thursday 17:00 Toronto)", () => {
    expect(reviewDueAt(taken, new Date("2026-12-07T15:00:05Z")).toISOString()).toBe("2026-12-10T22:00:00.000Z");
  });
  it("does not move when the verification runs later the same week", () => {
    expect(reviewDueAt(taken, new Date("2026-12-09T20:00:00Z"))).toEqual(addBusinessDays(taken, 3));
  });
  it("counts from now when that date has passed (a staff re-run days later), so it is never in the past", () => {
    const now = new Date("2026-12-15T15:00:00Z");
    const due = reviewDueAt(taken, now);
    expect(due).toEqual(addBusinessDays(now, 3));
    expect(due.getTime()).toBeGreaterThan(now.getTime());
  });
});

describe("reviewDueFrom", () => {
  it("is 3 business days from the moment a case goes (back) to review: the same as reviewDueAt from now", () => {
    const now = new Date("2026-12-11T21:00:00Z"); // Friday 16:00 in Toronto
    expect(reviewDueFrom(now).toISOString()).toBe("2026-12-16T22:00:00.000Z");
    expect(reviewDueFrom(now)).toEqual(reviewDueAt(now, now));
  });
});

describe("arrival", () => {
  const taken = new Date("2026-12-06T02:00:00Z");
  it("keeps the server's INTERNALDATE as receivedAt and the moment pinmail took it as takenAt", () => {
    const internal = new Date("2026-11-16T09:30:00Z");
    expect(arrival(internal, taken)).toEqual({ receivedAt: internal, takenAt: taken });
  });
  it("uses the moment pinmail took it when the server gave no date, or an invalid one", () => {
    expect(arrival(null, taken)).toEqual({ receivedAt: taken, takenAt: taken });
    expect(arrival(new Date(Number.NaN), taken)).toEqual({ receivedAt: taken, takenAt: taken });
  });
  it("never puts arrival after taking (a server clock ahead of ours)", () => {
    expect(arrival(new Date("2026-12-06T02:05:00Z"), taken).receivedAt).toEqual(taken);
  });
});
