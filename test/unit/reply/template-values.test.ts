// reply/template-values.ts: the facts a caller knows become exactly the values each template
// declares (issue 14.3). The type side: TemplateValues<T> comes from the catalog, so a value set
// that leaves out a declared variable does not compile (the @ts-expect-error lines below fail
// `tsc` the day they stop being errors).
import { describe, expect, it } from "vitest";
import { formatReplyDate } from "../../../src/reply/format-date.js";
import { buildTemplateVariables, LOCALES, type Locale, TEMPLATE_NAMES, type TemplateValues, templateVariables } from "../../../src/reply/template-catalog.js";
import { missingVariables, personOnRecord, type ReplyFacts, replyContact, templateValues } from "../../../src/reply/template-values.js";

const PIN_EXPIRES = new Date("2026-12-10T17:00:00Z");
const DUE = new Date("2026-12-01T17:00:00Z");
const CASE_RECEIVED = new Date("2026-11-24T14:30:00Z");
const EARLIER_SENT = new Date("2026-11-26T13:05:00Z");
const LAST_SIGN_IN = new Date("2025-05-14T15:00:00Z");
const DEADLINE = new Date("2027-05-14T16:00:00Z");

/** Every fact a reply can be given, all known. */
function allFacts(locale: Locale): ReplyFacts {
  return {
    locale,
    reference: "PM-261126-7K3Q",
    contact: replyContact({ supportAddress: "pin-reset@example.org", portalUrl: "https://portal.example.gov/sign-in" }),
    person: {
      firstName: "Maria",
      lastName: "Santos",
      organizationName: "Northwind Logistics Inc.",
      branchName: "Hamilton Warehouse",
      lastSignInAt: LAST_SIGN_IN,
    },
    nameAsWritten: { firstName: "Mary", lastName: "Santoz" },
    pin: "48207315",
    pinExpiresAt: PIN_EXPIRES,
    expectedAnswerBy: DUE,
    earlierRequest: { reference: "PM-261124-Q8ZD", receivedAt: CASE_RECEIVED },
    earlierPinReply: { reference: "PM-261126-3HWA", sentAt: EARLIER_SENT },
    rejectionMessage: "Please write again from your work address.",
    reminder: { deadline: DEADLINE, lockedOutUserCount: 4 },
  };
}

const declared = (name: (typeof TEMPLATE_NAMES)[number]) => templateVariables(name).map((v) => v.name);

describe("templateValues", () => {
  it("gives every template exactly the variables the catalog declares, each filled when the facts are known", () => {
    for (const name of TEMPLATE_NAMES) {
      for (const locale of LOCALES) {
        const values = templateValues(name, allFacts(locale));
        expect(Object.keys(values).sort(), `${name}.${locale}`).toEqual(declared(name).sort());
        expect(
          Object.entries(values).filter(([, v]) => v === null || v === undefined || v === ""),
          `${name}.${locale}`,
        ).toEqual([]);
        expect(missingVariables(name, values), `${name}.${locale}`).toEqual([]);
        // What the renderer gets is these values, unchanged and complete.
        expect(buildTemplateVariables(name, values)).toEqual(values);
      }
    }
  });

  it("with no facts but the reference, declares every variable anyway (null), and names the required ones left empty", () => {
    for (const name of TEMPLATE_NAMES) {
      const values = templateValues(name, { locale: "en", reference: "PM-1" });
      expect(Object.keys(values).sort(), name).toEqual(declared(name).sort());
      expect(
        Object.values(values).every((v) => v !== undefined),
        name,
      ).toBe(true);
      const required = templateVariables(name)
        .filter((v) => v.required && v.name !== "reference")
        .map((v) => v.name);
      expect(missingVariables(name, values), name).toEqual(required);
    }
    expect(missingVariables("needs-review", templateValues("needs-review", { locale: "en", reference: "PM-1" }))).toEqual(["expectedDate"]);
    expect(missingVariables("not-recognised", templateValues("not-recognised", { locale: "en", reference: null }))).toEqual(["reference"]);
  });

  it("writes dates in the reply's language, with the time where the template shows one", () => {
    const fr = allFacts("fr");
    expect(templateValues("pin-issued", fr).pinExpiresAt).toBe(formatReplyDate(PIN_EXPIRES, "fr"));
    expect(templateValues("needs-review", fr).expectedDate).toBe(formatReplyDate(DUE, "fr"));
    expect(templateValues("follow-up-review", fr).caseReceivedAt).toBe(formatReplyDate(CASE_RECEIVED, "fr", { withTime: true }));
    expect(templateValues("rate-limited", fr).earlierSentAt).toBe(formatReplyDate(EARLIER_SENT, "fr", { withTime: true }));
    expect(templateValues("reminder-account-expiry", fr).lastSignInAt).toBe(formatReplyDate(LAST_SIGN_IN, "fr"));
    expect(templateValues("pin-issued", allFacts("en")).pinExpiresAt).toBe("Thursday, December 10, 2026");
  });

  it("a name-mismatch reply echoes only the name as written, never the registered spelling", () => {
    const facts = allFacts("en");
    expect(templateValues("name-mismatch", facts)).toMatchObject({ firstName: "Mary", lastName: "Santoz" });
    expect(templateValues("name-mismatch", { ...facts, nameAsWritten: { fullName: "Mary Santoz" } })).toMatchObject({
      firstName: "Mary Santoz",
      lastName: null,
    });
    expect(templateValues("name-mismatch", { ...facts, nameAsWritten: null })).toMatchObject({ firstName: null, lastName: null });
    // Every other template with names uses the registered ones.
    expect(templateValues("primary-user", facts)).toMatchObject({ firstName: "Maria", lastName: "Santos" });
  });

  it("a reminder's deadline is the dormancy date or the account's expiry, by template", () => {
    const facts = allFacts("en");
    expect(templateValues("reminder-primary-dormancy", facts)).toMatchObject({ dormancyDate: formatReplyDate(DEADLINE, "en"), lockedOutUserCount: 4 });
    expect(templateValues("reminder-account-expiry", facts)).toMatchObject({ accountExpiresAt: formatReplyDate(DEADLINE, "en") });
  });

  it("a rejection without a message leaves the optional reason empty", () => {
    expect(templateValues("rejected", { ...allFacts("en"), rejectionMessage: "" }).reason).toBe("");
    expect(buildTemplateVariables("rejected", templateValues("rejected", { locale: "en", reference: "PM-1" })).reason).toBeNull();
  });

  it("takes a person on record with its organization and branch, and only the two contact addresses of a settings object", () => {
    const user = { firstName: "Maria", lastName: "Santos", organization: { name: "Northwind" }, branch: null, lastSignInAt: null };
    expect(personOnRecord(user)).toEqual({ firstName: "Maria", lastName: "Santos", organizationName: "Northwind", branchName: null, lastSignInAt: null });
    const settings = { supportAddress: "a@example.org", portalUrl: "https://p.example", pinSecret: "never-in-facts" };
    expect(replyContact(settings)).toEqual({ supportAddress: "a@example.org", portalUrl: "https://p.example" });
  });

  it("a value set that leaves out a declared variable is a type error (and the renderer refuses it too)", () => {
    // @ts-expect-error expectedDate is declared for needs-review and missing here
    const incomplete: TemplateValues<"needs-review"> = { reference: "PM-1", supportAddress: null };
    expect(() => buildTemplateVariables("needs-review", incomplete)).toThrow(/expectedDate/);
    // @ts-expect-error the PIN templates declare pin
    const noPin: TemplateValues<"pin-issued"> = {
      firstName: "Maria",
      lastName: "Santos",
      pinExpiresAt: "Thursday, December 10, 2026",
      organizationName: null,
      branchName: null,
      reference: "PM-1",
      portalUrl: null,
      supportAddress: null,
    };
    expect(() => buildTemplateVariables("pin-issued", noPin)).toThrow(/pin is missing/);
  });
});
