import { describe, expect, it } from "vitest";
import { isReference, makeReference, REFERENCE_ALPHABET } from "../../../src/core/reference.js";

const bytes =
  (...values: number[]) =>
  () =>
    Buffer.from(values);

describe("makeReference", () => {
  it("formats PM-yymmdd-XXXX from the Toronto date", () => {
    expect(makeReference(new Date("2026-11-26T15:00:00Z"), bytes(5, 17, 1, 22))).toBe("PM-261126-7K3Q");
  });

  it("uses the Toronto date, not the UTC date, late in the evening", () => {
    // 2026-11-27T03:00Z is 22:00 on Nov 26 in Toronto
    expect(makeReference(new Date("2026-11-27T03:00:00Z"), bytes(0, 0, 0, 0))).toBe("PM-261126-2222");
  });

  it("maps every byte onto the alphabet without 0, O, 1 or I", () => {
    expect(REFERENCE_ALPHABET).toHaveLength(32);
    expect(REFERENCE_ALPHABET).not.toMatch(/[01OI]/);
    expect(makeReference(new Date("2026-01-05T15:00:00Z"), bytes(31, 32, 255, 224))).toBe("PM-260105-Z2Z2");
  });

  it("draws fresh randomness by default", () => {
    const refs = new Set(Array.from({ length: 50 }, () => makeReference(new Date("2026-11-26T15:00:00Z"))));
    expect(refs.size).toBeGreaterThan(45);
    for (const ref of refs) expect(isReference(ref)).toBe(true);
  });

  it("refuses a random source that returns too few bytes", () => {
    expect(() => makeReference(new Date(), bytes(1, 2))).toThrow();
  });
});

describe("isReference", () => {
  it.each([
    ["PM-261126-7K3Q", true],
    ["PM-260101-ZZZZ", true],
    ["pm-261126-7k3q", false],
    ["PM-261126-7K3O", false],
    ["PM-261126-7K31", false],
    ["PM-261326-7K3Q", false],
    ["PM-261100-7K3Q", false],
    ["PM-26112-7K3Q", false],
    [" PM-261126-7K3Q", false],
    ["PM-261126-7K3QX", false],
  ])("%j → %s", (s, expected) => {
    expect(isReference(s)).toBe(expected);
  });
});
