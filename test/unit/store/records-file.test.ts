import { describe, expect, it } from "vitest";
import { parseRecordsJson, validateRecords } from "../../../src/store/records-file.js";

const org = (users: unknown[], branches: unknown[] = []) => ({ organizations: [{ ref: "o", name: "O", branches, users }] });
const primary = { role: "primary", firstName: "Jean", lastName: "Tremblay", email: "jean@o.example" };

describe("records file validation", () => {
  it("accepts the documented example shape and lower-cases emails", () => {
    const r = validateRecords(org([primary, { role: "branch", firstName: "P", lastName: "N", email: "P@O.example", branch: "b" }], [{ ref: "b", name: "B" }]));
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.records.organizations[0]!.users[1]!.email).toBe("p@o.example");
  });

  it.each([
    ["two primaries", org([primary, { ...primary, email: "x@o.example" }]), "$.organizations[0].users", "exactly one primary"],
    ["no primary", org([{ ...primary, role: "secondary" }]), "$.organizations[0].users", "found 0"],
    [
      "a duplicate email ignoring case",
      org([primary, { ...primary, role: "secondary", email: "JEAN@o.example" }]),
      "$.organizations[0].users[1].email",
      "duplicate email",
    ],
    [
      "an unknown branch",
      org([primary, { role: "branch", firstName: "P", lastName: "N", email: "p@o.example", branch: "nope" }]),
      "$.organizations[0].users[1].branch",
      "unknown branch",
    ],
    [
      "a branch user without branch",
      org([primary, { role: "branch", firstName: "P", lastName: "N", email: "p@o.example" }]),
      "$.organizations[0].users[1].branch",
      "required",
    ],
    [
      "a branch on a secondary",
      org([primary, { role: "secondary", firstName: "P", lastName: "N", email: "p@o.example", branch: "b" }], [{ ref: "b", name: "B" }]),
      "$.organizations[0].users[1].branch",
      "not allowed",
    ],
    ["a bad locale", org([{ ...primary, locale: "de" }]), "$.organizations[0].users[0].locale", '"en" or "fr"'],
    ["a bad date", org([{ ...primary, lastSignInAt: "yesterday" }]), "$.organizations[0].users[0].lastSignInAt", "ISO 8601"],
    ["an unknown role", org([{ ...primary, role: "owner" }]), "$.organizations[0].users[0].role", "primary"],
    ["an unknown field", { organizations: [], extra: 1 }, "$", "extra"],
  ])("rejects %s, naming the JSON path", (_label, input, path, message) => {
    const r = validateRecords(input);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      const hit = r.problems.find((p) => p.path === path);
      expect(hit, JSON.stringify(r.problems)).toBeDefined();
      expect(hit!.message).toContain(message);
    }
  });

  it("reports malformed JSON", () => {
    const r = parseRecordsJson("{ not json");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]!.message).toMatch(/malformed JSON/);
  });

  it("accepts null and absent lastSignInAt", () => {
    expect(validateRecords(org([{ ...primary, lastSignInAt: null }])).ok).toBe(true);
    expect(validateRecords(org([primary])).ok).toBe(true);
  });
});
