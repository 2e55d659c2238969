import { describe, expect, it } from "vitest";
import { torontoWallTimeToInstant } from "../../../src/core/toronto-date.js";
import { planReminders, planUser, type OrganizationFacts, type ReminderUser, type SentReminder } from "../../../src/reminders/plan-reminders.js";
import { addCalendarMonths, torontoDay } from "../../../src/reminders/reminder-dates.js";

const at9 = (y: number, m: number, d: number) => torontoWallTimeToInstant({ year: y, month: m, day: d }, 9);
const START = at9(2026, 1, 15);
const monthsBefore = (months: number, hour = 15) => {
  const d = addCalendarMonths({ year: 2026, month: 1, day: 15 }, -months);
  return torontoWallTimeToInstant(d, hour);
};

let nextId = 1;
function user(p: Partial<ReminderUser> & { lastSignInAt: Date | null }): ReminderUser {
  const id = nextId++;
  return {
    id,
    email: `u${id}@example.test`,
    role: "primary",
    firstName: "Ann",
    lastName: "Lee",
    locale: null,
    createdAt: new Date("2020-01-01T12:00:00Z"),
    organizationId: id,
    organizationName: `Org ${id}`,
    branchName: null,
    ...p,
  };
}

/** Runs the planner once a day at 09:00 Toronto, recording what it sends, with optional events. */
function simulate(users: ReminderUser[], days: number, orgs = new Map<number, OrganizationFacts>(), onDay?: (day: number, now: Date) => void) {
  const sent: SentReminder[] = [];
  for (let i = 0; i < days; i++) {
    const now = at9(2026, 1, 15 + i);
    onDay?.(i, now);
    for (const d of planReminders({ users, organizations: orgs, sent, now })) {
      sent.push({ userId: d.user.id, kind: d.kind, stage: d.stage, basis: d.basis, sentAt: now });
    }
  }
  return sent;
}
const summary = (sent: SentReminder[], u: ReminderUser) => sent.filter((s) => s.userId === u.id).map((s) => `${torontoDay(s.sentAt)} ${s.stage}`);

describe("primary users across a simulated year of daily runs", () => {
  it("get the 18, 21 and 23-month reminders on time, only the latest stage when first seen late, and none once dormant", () => {
    const at17 = user({ lastSignInAt: monthsBefore(17) });
    const at18 = user({ lastSignInAt: monthsBefore(18) });
    const at21 = user({ lastSignInAt: monthsBefore(21) });
    const at23 = user({ lastSignInAt: monthsBefore(23) });
    const at24 = user({ lastSignInAt: monthsBefore(24) });
    const sent = simulate([at17, at18, at21, at23, at24], 365);
    expect(summary(sent, at17)).toEqual(["2026-02-15 18-months", "2026-05-15 21-months", "2026-07-15 23-months"]);
    expect(summary(sent, at18)).toEqual(["2026-01-15 18-months", "2026-04-15 21-months", "2026-06-15 23-months"]);
    expect(summary(sent, at21)).toEqual(["2026-01-15 21-months", "2026-03-15 23-months"]);
    expect(summary(sent, at23)).toEqual(["2026-01-15 23-months"]);
    expect(summary(sent, at24)).toEqual([]);
  });

  it("a user who never signed in counts from the record's creation", () => {
    const u = user({ lastSignInAt: null, createdAt: monthsBefore(20) });
    expect(summary(simulate([u], 60), u)).toEqual(["2026-01-15 18-months", "2026-02-15 21-months"]);
  });

  it("a sign-in stops the series, and a later one starts again from it", () => {
    const u = user({ lastSignInAt: monthsBefore(17) });
    const signedIn = at9(2026, 3, 1);
    const sent = simulate([u], 365, new Map(), (day, now) => {
      if (now.getTime() === signedIn.getTime()) u.lastSignInAt = now;
    });
    expect(summary(sent, u)).toEqual(["2026-02-15 18-months"]);
  });

  it("never sends two reminders within 30 days", () => {
    const u = user({ lastSignInAt: monthsBefore(23) });
    const basis = u.lastSignInAt!;
    // The 21-month reminder went out 10 days ago (e.g. the job was off for a while).
    const sent: SentReminder[] = [{ userId: u.id, kind: "primary-dormancy", stage: "21-months", basis, sentAt: at9(2026, 1, 5) }];
    expect(planUser(u, undefined, sent, START)).toBeNull();
    expect(planUser(u, undefined, sent, at9(2026, 2, 3))).toBeNull();
    expect(planUser(u, undefined, sent, at9(2026, 2, 4))).toMatchObject({ stage: "23-months" });
  });

  it("says when the organization goes dormant and how many users it would lock out", () => {
    const u = user({ lastSignInAt: monthsBefore(18) });
    const d = planUser(u, { primaryBasis: u.lastSignInAt, lockedOutUserCount: 4 }, [], START);
    expect(d).toMatchObject({ kind: "primary-dormancy", stage: "18-months", deadline: "2026-07-15", lockedOutUserCount: 4 });
    expect(d!.why).toContain("organization goes dormant on 2026-07-15");
    expect(d!.why).toContain("4 secondary/branch users would be locked out");
  });

  it("skips a primary whose co-primary signed in more recently", () => {
    const u = user({ lastSignInAt: monthsBefore(19) });
    expect(planUser(u, { primaryBasis: monthsBefore(2), lockedOutUserCount: 1 }, [], START)).toBeNull();
  });

  it("follows the Feb 29 rule of the dormancy date", () => {
    const u = user({ lastSignInAt: new Date("2024-02-29T15:00:00Z") });
    expect(planUser(u, undefined, [], at9(2025, 8, 28))).toBeNull();
    expect(planUser(u, undefined, [], at9(2025, 8, 29))).toMatchObject({ stage: "18-months", deadline: "2026-02-28" });
    expect(planUser(u, undefined, [], at9(2026, 2, 28))).toBeNull();
  });
});

describe("secondary and branch users", () => {
  it("get one reminder in the 3 months before their own account expires", () => {
    const s = user({ role: "secondary", lastSignInAt: monthsBefore(19) });
    const b = user({ role: "branch", lastSignInAt: monthsBefore(22), branchName: "Hamilton" });
    const sent = simulate([s, b], 365);
    expect(summary(sent, s)).toEqual(["2026-03-15 3-months-before"]);
    expect(summary(sent, b)).toEqual(["2026-01-15 3-months-before"]);
    expect(sent.filter((x) => x.userId === s.id)[0]!.kind).toBe("account-expiry");
  });

  it("get none while their organization is dormant", () => {
    const s = user({ role: "secondary", lastSignInAt: monthsBefore(22) });
    const orgs = new Map([[s.organizationId, { primaryBasis: monthsBefore(25), lockedOutUserCount: 1 }]]);
    expect(planUser(s, orgs.get(s.organizationId), [], START)).toBeNull();
    expect(planUser(s, { primaryBasis: monthsBefore(3), lockedOutUserCount: 1 }, [], START)).toMatchObject({
      stage: "3-months-before",
      deadline: "2026-03-15",
    });
  });
});
