import { describe, expect, it } from "vitest";
import { formatReplyDate } from "../../../src/reply/format-date.js";
import { buildTemplateVariables, LOCALES, sampleVariables, TEMPLATE_NAMES, templateVariables } from "../../../src/reply/template-catalog.js";

describe("template catalog", () => {
  it("declares the reference in every template, required wherever a request is answered", () => {
    for (const name of TEMPLATE_NAMES) {
      const reference = templateVariables(name).find((variable) => variable.name === "reference");
      expect(reference, name).toBeDefined();
      expect(reference!.required, name).toBe(!name.startsWith("reminder-"));
    }
  });

  it("requires the PIN, its expiry and the names in both PIN templates", () => {
    for (const name of ["pin-issued", "follow-up-pin-issued"] as const) {
      const required = templateVariables(name)
        .filter((variable) => variable.required)
        .map((variable) => variable.name);
      expect(required.sort()).toEqual(["firstName", "lastName", "pin", "pinExpiresAt", "reference"]);
    }
  });

  it("has a sample value for every declared variable in both languages", () => {
    for (const name of TEMPLATE_NAMES) {
      for (const locale of LOCALES) {
        const sample = sampleVariables(name, locale);
        expect(Object.keys(sample).sort()).toEqual(
          templateVariables(name)
            .map((variable) => variable.name)
            .sort(),
        );
        expect(Object.values(sample).every((value) => value !== null && value !== "")).toBe(true);
      }
    }
  });

  it("builds the exact scope: optional values default to null, extras are dropped", () => {
    expect(buildTemplateVariables("needs-review", { reference: "PM-1", expectedDate: "Monday", firstName: "Leak" })).toEqual({
      expectedDate: "Monday",
      reference: "PM-1",
      supportAddress: null,
    });
  });

  it("throws on a missing required value or a value a template cannot print", () => {
    expect(() => buildTemplateVariables("needs-review", { reference: "PM-1" })).toThrow(/expectedDate/);
    expect(() => buildTemplateVariables("needs-review", { reference: "PM-1", expectedDate: "" })).toThrow(/expectedDate/);
    expect(() => buildTemplateVariables("needs-review", { reference: "PM-1", expectedDate: new Date() })).toThrow(/formatReplyDate/);
  });

  it("formats dates in the reply language, in Toronto time", () => {
    const lateEvening = new Date("2026-12-11T03:30:00Z"); // still December 10 in Toronto
    expect(formatReplyDate(lateEvening, "en")).toBe("Thursday, December 10, 2026");
    expect(formatReplyDate(lateEvening, "fr")).toBe("jeudi 10 décembre 2026");
    expect(formatReplyDate(lateEvening, "en", { withTime: true })).toMatch(/December 10, 2026.*10:30.*p\.m\..*EST/);
  });
});
