// Approve knows the rules (issue 20): the same rules and order as the bot's decision.
import { describe, expect, it } from "vitest";
import { approvalEligibility, ineligibility, type EligibilityFacts } from "../../../src/core/approval-eligibility.js";

const now = new Date("2026-12-06T15:00:00Z");
const recent = new Date("2026-06-01T15:00:00Z");
const base: EligibilityFacts = { role: "secondary", active: true, organizationActive: true, activeSince: recent, primaryActiveSince: recent };

describe("approvalEligibility", () => {
  it("allows a secondary user of an active organization who signed in lately", () => {
    expect(approvalEligibility(base, now)).toEqual({ eligible: true });
    expect(approvalEligibility({ ...base, role: "branch", primaryActiveSince: null }, now)).toEqual({ eligible: true });
  });

  it("refuses an expired account, saying since when and what to do instead", () => {
    const r = approvalEligibility({ ...base, activeSince: new Date("2024-12-01T15:00:00Z") }, now);
    expect(r).toMatchObject({ eligible: false, outcome: "account-expired", since: "2026-12-01" });
    if (r.eligible) throw new Error("unreachable");
    expect(r.why).toContain("expired on 2026-12-01");
    expect(r.instead).toMatch(/correct the records and re-run/);
    expect(r.instead).toContain("Account expired");
  });

  it("counts two years in Toronto calendar days: the day before is still allowed", () => {
    expect(approvalEligibility({ ...base, activeSince: new Date("2024-12-07T15:00:00Z") }, now)).toEqual({ eligible: true });
    expect(approvalEligibility({ ...base, activeSince: new Date("2024-12-06T15:00:00Z") }, now)).toMatchObject({ eligible: false, outcome: "account-expired" });
  });

  it("refuses a dormant organization before an expired account, as the bot does", () => {
    const old = new Date("2024-01-10T15:00:00Z");
    const r = approvalEligibility({ ...base, activeSince: old, primaryActiveSince: old }, now);
    expect(r).toMatchObject({ eligible: false, outcome: "organization-dormant", since: "2026-01-10" });
  });

  it("refuses a primary user, and inactive records first of all", () => {
    expect(approvalEligibility({ ...base, role: "primary" }, now)).toMatchObject({ eligible: false, outcome: "primary-user" });
    expect(approvalEligibility({ ...base, role: "primary", active: false }, now)).toMatchObject({ eligible: false, outcome: "inactive" });
    expect(approvalEligibility({ ...base, organizationActive: false }, now)).toMatchObject({ eligible: false, outcome: "inactive" });
  });

  it("gives the reason as a code (issue 14: typed refusals), the inactive person before the inactive organization", () => {
    expect(ineligibility(base, now)).toBeNull();
    expect(ineligibility({ ...base, active: false, organizationActive: false }, now)).toEqual({ reason: "person-inactive", since: null });
    expect(ineligibility({ ...base, organizationActive: false }, now)).toEqual({ reason: "organization-inactive", since: null });
    expect(ineligibility({ ...base, role: "primary" }, now)).toEqual({ reason: "primary-user", since: null });
    expect(ineligibility({ ...base, activeSince: new Date("2024-12-01T15:00:00Z") }, now)).toEqual({ reason: "account-expired", since: "2026-12-01" });
    const r = approvalEligibility({ ...base, organizationActive: false }, now);
    expect(r).toEqual({
      eligible: false,
      outcome: "inactive",
      why: "the organization is marked inactive in the records",
      instead: "If the records are wrong, correct them and re-run the request; otherwise reject it with a reply that says no PIN can be sent.",
      since: null,
    });
  });
});
