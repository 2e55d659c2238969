import { describe, expect, it } from "vitest";
import { parseAt } from "../../../src/cli/commands/reminders.js";
import { addCalendarMonths, monthsAfter, torontoDay } from "../../../src/reminders/reminder-dates.js";

describe("calendar months", () => {
  it("clamps to the end of a shorter month and crosses years both ways", () => {
    expect(addCalendarMonths({ year: 2025, month: 8, day: 31 }, 18)).toEqual({ year: 2027, month: 2, day: 28 });
    expect(addCalendarMonths({ year: 2026, month: 1, day: 15 }, -17)).toEqual({ year: 2024, month: 8, day: 15 });
    expect(addCalendarMonths({ year: 2026, month: 12, day: 1 }, 1)).toEqual({ year: 2027, month: 1, day: 1 });
  });

  it("counts from the Toronto date of an instant, not the UTC one", () => {
    // 02:00 UTC on March 1 is still February 28 in Toronto.
    expect(monthsAfter(new Date("2025-03-01T02:00:00Z"), 18)).toBe("2026-08-28");
  });
});

describe("--at", () => {
  it("reads a date as 09:00 in Toronto, when the daily check runs", () => {
    expect(parseAt("2027-01-15").toISOString()).toBe("2027-01-15T14:00:00.000Z");
    expect(parseAt("2027-07-15").toISOString()).toBe("2027-07-15T13:00:00.000Z");
    expect(torontoDay(parseAt("2027-01-15T23:30:00-05:00"))).toBe("2027-01-15");
  });

  it("refuses what it cannot read", () => {
    expect(() => parseAt("2027-02-30")).toThrow(/no such date/);
    expect(() => parseAt("15/01/2027")).toThrow(/expected a date/);
    expect(() => parseAt("2027-01-15T09:00")).toThrow(/expected a date/);
  });
});
