import { describe, expect, it } from "vitest";
import { addCalendarDays, dayOfWeek, torontoCalendarDate, torontoWallTimeToInstant } from "../../../src/core/toronto-date.js";

describe("Toronto calendar", () => {
  it.each([
    ["2026-11-27T04:59:59Z", { year: 2026, month: 11, day: 26 }], // 23:59:59 EST
    ["2026-11-27T05:00:00Z", { year: 2026, month: 11, day: 27 }],
    ["2026-07-01T03:59:00Z", { year: 2026, month: 6, day: 30 }], // 23:59 EDT
    ["2027-01-01T04:00:00Z", { year: 2026, month: 12, day: 31 }],
  ])("%s falls on %j", (iso, date) => {
    expect(torontoCalendarDate(new Date(iso))).toEqual(date);
  });

  it.each([
    [{ year: 2026, month: 1, day: 15 }, "2026-01-15T22:00:00.000Z"], // EST
    [{ year: 2026, month: 7, day: 15 }, "2026-07-15T21:00:00.000Z"], // EDT
    [{ year: 2026, month: 3, day: 8 }, "2026-03-08T21:00:00.000Z"], // day DST starts
    [{ year: 2026, month: 11, day: 1 }, "2026-11-01T22:00:00.000Z"], // day DST ends
  ])("17:00 on %j is %s", (date, iso) => {
    expect(torontoWallTimeToInstant(date, 17).toISOString()).toBe(iso);
  });

  it("adds days across month and year ends and knows the weekday", () => {
    expect(addCalendarDays({ year: 2026, month: 12, day: 30 }, 3)).toEqual({ year: 2027, month: 1, day: 2 });
    expect(addCalendarDays({ year: 2028, month: 3, day: 1 }, -1)).toEqual({ year: 2028, month: 2, day: 29 });
    expect(dayOfWeek({ year: 2026, month: 11, day: 26 })).toBe(4); // Thursday
  });

  it("rejects an invalid date", () => {
    expect(() => torontoCalendarDate(new Date("nope"))).toThrow(RangeError);
  });
});
