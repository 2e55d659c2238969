// The "At risk" view and GET /api/at-risk with a controlled clock, against a real PostgreSQL.
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { torontoWallTimeToInstant } from "../../src/core/toronto-date.js";
import { countOrganizationsAtRisk } from "../../src/reminders/organizations-at-risk.js";
import { addCalendarMonths } from "../../src/reminders/reminder-dates.js";
import { addStaff } from "../../src/staff/staff-accounts.js";
import { createDb, type Db } from "../../src/store/prisma.js";
import { buildTestApp } from "../harness/test-app.js";
import { createTestDb, type TestDb } from "../harness/test-db.js";
import { signIn } from "../harness/web-session.js";

const NOW = torontoWallTimeToInstant({ year: 2027, month: 6, day: 1 }, 10);
const DAY = 86_400_000;
/** A last sign-in that makes the organization go dormant `days` days after NOW (Toronto dates). */
const dormantIn = (days: number) => torontoWallTimeToInstant(addCalendarMonths({ year: 2027, month: 6, day: 1 }, -24), 15).getTime() + days * DAY;

let testDb: TestDb;
let db: Db;
let app: FastifyInstance;
let cookie = "";

async function org(ref: string, name: string, primaryDays: number, others: Array<Date | null> = []) {
  const o = await db.organization.create({
    data: {
      ref,
      name,
      users: {
        create: [
          { role: "primary", firstName: "Pat", lastName: ref, email: `pat@${ref}.test`, lastSignInAt: new Date(dormantIn(primaryDays)) },
          ...others.map((at, i) => ({ role: "secondary", firstName: "S", lastName: `${i}`, email: `s${i}@${ref}.test`, lastSignInAt: at })),
        ],
      },
    },
    include: { users: true },
  });
  return o;
}

beforeAll(async () => {
  testDb = await createTestDb();
  db = createDb(testDb.url);
  await addStaff(db, { email: "sam@support.test", role: "support", password: "correct horse battery" });
  const soon = await org("soon", "Soon <b>Corp</b>", 10, [new Date(NOW.getTime() - 30 * DAY), null, new Date(NOW.getTime() - 800 * DAY)]);
  await org("later", "Later Ltd.", 60, [new Date(NOW.getTime() - 5 * DAY)]);
  await org("far", "Far Inc.", 150);
  await org("safe", "Safe Co.", 200);
  await org("gone", "Already Dormant", -3);
  await org("today", "Dormant Today", 0);
  // Two primaries on record: the one who signed in last week keeps the organization alive.
  const co = await org("co", "Co-primary Ltd.", 20);
  await db.portalUser.create({
    data: { organizationId: co.id, role: "primary", firstName: "Kim", lastName: "Co", email: "kim@co.test", lastSignInAt: new Date(NOW.getTime() - 7 * DAY) },
  });
  const primary = soon.users.find((u) => u.role === "primary")!;
  await db.reminderSent.create({
    data: { userId: primary.id, kind: "primary-dormancy", stage: "23-months", basis: primary.lastSignInAt!, sentAt: new Date(NOW.getTime() - 20 * DAY) },
  });
  // An older series (before a sign-in that has since lapsed too) is not shown.
  await db.reminderSent.create({
    data: {
      userId: primary.id,
      kind: "primary-dormancy",
      stage: "18-months",
      basis: new Date(NOW.getTime() - 1000 * DAY),
      sentAt: new Date(NOW.getTime() - 400 * DAY),
    },
  });
  app = await buildTestApp(db, {
    now: () => NOW,
  });
  cookie = (await signIn(app, "sam@support.test", "correct horse battery")).cookie;
});
afterAll(async () => {
  await app?.close();
  await db?.$disconnect();
  await testDb?.drop();
});

const api = (within?: string) => app.inject({ url: `/api/at-risk${within ? `?within=${within}` : ""}`, headers: { cookie } });

describe("organizations at risk", () => {
  it("lists organizations by dormancy date within 30, 90 and 180 days", async () => {
    const names = async (w?: string) =>
      ((await api(w)).json() as { organizations: Array<{ organization: { ref: string } }> }).organizations.map((o) => o.organization.ref);
    expect(await names("30")).toEqual(["soon"]);
    expect(await names("90")).toEqual(["soon", "later"]);
    expect(await names()).toEqual(["soon", "later"]);
    expect(await names("180")).toEqual(["soon", "later", "far"]);
    expect(await countOrganizationsAtRisk(db, NOW)).toBe(2);
    expect(await countOrganizationsAtRisk(db, NOW, 180)).toBe(3);
  });

  it("gives the primary's last sign-in, the reminders of the current series and who would be locked out", async () => {
    const body = (await api("30")).json() as Record<string, unknown> & { organizations: Array<Record<string, unknown>> };
    expect(body).toMatchObject({ within: 30, asOf: "2027-06-01", count: 1 });
    expect(body.organizations[0]).toEqual({
      organization: { ref: "soon", name: "Soon <b>Corp</b>" },
      primary: { firstName: "Pat", lastName: "soon", email: "pat@soon.test", lastSignInAt: new Date(dormantIn(10)).toISOString() },
      dormancyDate: "2027-06-11",
      daysLeft: 10,
      // The secondary who never signed in counts from the record's creation; the one idle for 800 days is already locked out.
      lockedOutUserCount: 2,
      reminders: [{ stage: "23-months", sentAt: new Date(NOW.getTime() - 20 * DAY).toISOString() }],
    });
  });

  it("shows the page with the filter, escaped names and the totals", async () => {
    const page = await app.inject({ url: "/at-risk?within=90", headers: { cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<option value="90" selected>90 days</option>');
    expect(page.body).toContain("Soon &lt;b&gt;Corp&lt;/b&gt;");
    expect(page.body).not.toContain("<b>Corp</b>");
    expect(page.body).toContain("2 organizations; 3 users would be locked out.");
    expect(page.body).toContain("23-months: 2027-05-12");
    expect(page.body).toMatch(/<a href="\/people\/\d+">Pat soon<\/a><br>pat@soon.test/);
    expect(page.body).toContain('href="/at-risk" aria-current="page"');
  });

  it("is for signed-in staff only and refuses an unknown window", async () => {
    expect((await app.inject({ url: "/api/at-risk" })).statusCode).toBe(401);
    const page = await app.inject({ url: "/at-risk" });
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe("/login?next=%2Fat-risk");
    expect((await api("45")).statusCode).toBe(400);
  });
});
