import { describe, expect, it } from "vitest";
import { addCalendarYears, inactiveFrom, isTwoYearsInactive } from "../../../src/core/dates.js";

describe("addCalendarYears", () => {
  it.each([
    ["2024-11-26T15:30:00.000Z", 2, "2026-11-26T15:30:00.000Z"],
    ["2024-02-29T12:00:00.000Z", 2, "2026-02-28T12:00:00.000Z"],
    ["2024-02-29T12:00:00.000Z", 4, "2028-02-29T12:00:00.000Z"],
    ["2026-11-26T00:00:00.000Z", -2, "2024-11-26T00:00:00.000Z"],
  ])("%s + %i years → %s", (from, years, expected) => {
    expect(addCalendarYears(new Date(from), years).toISOString()).toBe(expected);
  });

  it("does not change its argument", () => {
    const d = new Date("2024-11-26T00:00:00Z");
    addCalendarYears(d, 2);
    expect(d.toISOString()).toBe("2024-11-26T00:00:00.000Z");
  });
});

describe("isTwoYearsInactive (Toronto calendar dates)", () => {
  it.each([
    // 2024-11-26 → inactive on 2026-11-26, whatever the hour
    ["2024-11-26T20:00:00Z", "2026-11-26T05:00:00Z", true], // 00:00 Toronto on the day
    ["2024-11-26T20:00:00Z", "2026-11-26T04:59:00Z", false], // 23:59 Toronto the day before
    ["2024-11-26T15:00:00Z", "2026-11-27T15:00:00Z", true],
    ["2024-11-26T15:00:00Z", "2025-11-26T15:00:00Z", false],
    // 02:00 UTC on Nov 27 is Nov 26 in Toronto: the anniversary is Nov 26
    ["2024-11-27T02:00:00Z", "2026-11-26T17:00:00Z", true],
    // Feb 29 → Feb 28
    ["2024-02-29T17:00:00Z", "2026-02-28T17:00:00Z", true],
    ["2024-02-29T17:00:00Z", "2026-02-27T17:00:00Z", false],
  ])("last %s, now %s → %s", (last, now, expected) => {
    expect(isTwoYearsInactive(new Date(last), new Date(now))).toBe(expected);
  });

  it("names the first inactive date", () => {
    expect(inactiveFrom(new Date("2024-11-26T15:00:00Z"))).toBe("2026-11-26");
    expect(inactiveFrom(new Date("2024-02-29T15:00:00Z"))).toBe("2026-02-28");
  });
});
