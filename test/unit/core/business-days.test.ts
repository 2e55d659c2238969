import { describe, expect, it } from "vitest";
import { addBusinessDays, canadianFederalHolidays, easterSunday, isBusinessDay } from "../../../src/core/business-days.js";

describe("canadianFederalHolidays", () => {
  it("lists the 2027 holidays with the observed days of a weekend Christmas", () => {
    expect(canadianFederalHolidays(2027)).toEqual([
      "2027-01-01", // New Year's Day (Friday)
      "2027-03-26", // Good Friday
      "2027-05-24", // Victoria Day: May 24 is itself the Monday before May 25
      "2027-07-01", // Canada Day
      "2027-09-06", // Labour Day
      "2027-09-30", // Truth and Reconciliation
      "2027-10-11", // Thanksgiving
      "2027-11-11", // Remembrance Day
      "2027-12-25", // Christmas (Saturday)
      "2027-12-26", // Boxing Day (Sunday)
      "2027-12-27", // Christmas observed
      "2027-12-28", // Boxing Day observed
    ]);
  });

  it("lists 2026, where only Boxing Day falls on a weekend", () => {
    expect(canadianFederalHolidays(2026)).toEqual([
      "2026-01-01",
      "2026-04-03",
      "2026-05-18",
      "2026-07-01",
      "2026-09-07",
      "2026-09-30",
      "2026-10-12",
      "2026-11-11",
      "2026-12-25",
      "2026-12-26",
      "2026-12-28",
    ]);
  });

  it.each([
    [2023, "2023-10-02"], // Truth and Reconciliation on a Saturday
    [2028, "2028-07-03"], // Canada Day on a Saturday
    [2028, "2028-11-13"], // Remembrance Day on a Saturday
    [2023, "2023-01-02"], // New Year's Day on a Sunday
  ])("%i includes the observed day %s", (year, day) => {
    expect(canadianFederalHolidays(year)).toContain(day);
  });

  it.each([
    [2024, 3, 31],
    [2025, 4, 20],
    [2026, 4, 5],
    [2027, 3, 28],
    [2038, 4, 25],
    [2285, 3, 22],
  ])("Easter %i is %i-%i", (year, month, day) => {
    expect(easterSunday(year)).toEqual({ year, month, day });
  });

  it.each([
    [2024, "2024-05-20"],
    [2025, "2025-05-19"],
    [2026, "2026-05-18"],
    [2027, "2027-05-24"],
    [2032, "2032-05-24"],
  ])("Victoria Day %i is %s", (year, day) => {
    expect(canadianFederalHolidays(year)).toContain(day);
  });
});

describe("isBusinessDay", () => {
  it.each([
    ["2027-03-26T15:00:00Z", false], // Good Friday 2027
    ["2027-03-25T15:00:00Z", true],
    ["2025-09-30T15:00:00Z", false], // Truth and Reconciliation (Tuesday)
    ["2026-11-11T15:00:00Z", false], // Remembrance Day
    ["2026-11-14T15:00:00Z", false], // Saturday
    ["2026-11-16T15:00:00Z", true],
    // 02:00 UTC on Sep 30 is still Sep 29 in Toronto
    ["2025-09-30T02:00:00Z", true],
    // 04:30 UTC on Jan 2 is still New Year's Day in Toronto
    ["2026-01-02T04:30:00Z", false],
  ])("%s → %s", (iso, expected) => {
    expect(isBusinessDay(new Date(iso))).toBe(expected);
  });
});

describe("addBusinessDays (17:00 Toronto on the N-th business day after)", () => {
  it.each([
    // plain week, EDT
    ["2026-06-09T14:00:00Z", 3, "2026-06-12T21:00:00.000Z"],
    // Friday before Victoria Day weekend: Mon is a holiday
    ["2026-05-15T16:00:00Z", 3, "2026-05-21T21:00:00.000Z"],
    // Friday before Labour Day weekend
    ["2026-09-04T20:00:00Z", 1, "2026-09-08T21:00:00.000Z"],
    // Thursday before Good Friday 2027 (Easter Monday is not a federal holiday)
    ["2027-03-25T14:00:00Z", 1, "2027-03-29T21:00:00.000Z"],
    // Christmas week 2026: Dec 25 and Dec 28 off; EST
    ["2026-12-24T15:00:00Z", 3, "2026-12-31T22:00:00.000Z"],
    // Christmas week 2027: Fri Dec 24 counts, Dec 27 and Dec 28 are off
    ["2027-12-23T15:00:00Z", 2, "2027-12-29T22:00:00.000Z"],
    // Truth and Reconciliation 2026 is a Wednesday
    ["2026-09-29T15:00:00Z", 1, "2026-10-01T21:00:00.000Z"],
    // Saturday request counts from Monday
    ["2026-06-13T15:00:00Z", 3, "2026-06-17T21:00:00.000Z"],
    // late Friday evening in Toronto is Saturday in UTC; still Friday's request
    ["2026-06-13T03:30:00Z", 1, "2026-06-15T21:00:00.000Z"],
    // across the spring DST change (Mar 8 2026): due time moves from 22:00Z to 21:00Z
    ["2026-03-06T15:00:00Z", 3, "2026-03-11T21:00:00.000Z"],
    // across the fall DST change (Nov 1 2026)
    ["2026-10-30T15:00:00Z", 1, "2026-11-02T22:00:00.000Z"],
    // 0 days: today if it is a business day, else the next one
    ["2026-06-09T14:00:00Z", 0, "2026-06-09T21:00:00.000Z"],
    ["2026-07-01T14:00:00Z", 0, "2026-07-02T21:00:00.000Z"],
  ])("%s + %i → %s", (from, days, due) => {
    expect(addBusinessDays(new Date(from), days).toISOString()).toBe(due);
  });

  it.each([-1, 1.5, Number.NaN])("rejects %s days", (days) => {
    expect(() => addBusinessDays(new Date("2026-06-09T14:00:00Z"), days)).toThrow(RangeError);
  });
});
