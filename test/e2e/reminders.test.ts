// Reminders end to end: records in PostgreSQL, `pinmail reminders --dry-run`, then `--send`,
// delivered by the running worker through the real SMTP catcher. What the dry run lists is
// exactly what arrives.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runReminders } from "../../src/cli/commands/reminders.js";
import { REMINDER_SCHEDULER_ID } from "../../src/queue/reminder-schedule.js";
import { loadRoleConfig, startService } from "../../src/main.js";
import { createLogger } from "../../src/runtime/logger.js";
import { addStaff } from "../../src/staff/staff-accounts.js";
import { API_TOKEN, startHarness, type Harness } from "../harness/pinmail.js";
import { signIn } from "../harness/web-session.js";

const DAY = 86_400_000;
const monthsAgo = (m: number) => new Date(Date.now() - m * 30.44 * DAY).toISOString();

const records = {
  organizations: [
    {
      ref: "maple",
      name: "Érablière Maple inc.",
      branches: [],
      users: [
        { role: "primary", firstName: "Hélène", lastName: "Roy", email: "helene@maple.test", locale: "fr", lastSignInAt: monthsAgo(19) },
        { role: "secondary", firstName: "A", lastName: "One", email: "a1@maple.test", lastSignInAt: monthsAgo(1) },
        { role: "secondary", firstName: "B", lastName: "Two", email: "b2@maple.test", lastSignInAt: monthsAgo(2) },
        { role: "secondary", firstName: "C", lastName: "Three", email: "c3@maple.test", lastSignInAt: null },
        { role: "secondary", firstName: "D", lastName: "Gone", email: "d4@maple.test", lastSignInAt: monthsAgo(30) },
      ],
    },
    {
      ref: "birch",
      name: "Birch Logistics Ltd.",
      branches: [{ ref: "birch-hamilton", name: "Hamilton" }],
      users: [
        { role: "primary", firstName: "Paul", lastName: "Birch", email: "paul@birch.test", lastSignInAt: monthsAgo(10) },
        { role: "branch", firstName: "Priya", lastName: "Natarajan", email: "priya@birch.test", branch: "birch-hamilton", lastSignInAt: monthsAgo(22) },
      ],
    },
    {
      ref: "elm",
      name: "Elm Street Clinic",
      branches: [],
      users: [{ role: "primary", firstName: "Eli", lastName: "Elm", email: "eli@elm.test", lastSignInAt: monthsAgo(22) }],
    },
    {
      ref: "cedar",
      name: "Cedar Dormant Co.",
      branches: [],
      users: [
        { role: "primary", firstName: "Old", lastName: "Cedar", email: "old@cedar.test", lastSignInAt: monthsAgo(25) },
        { role: "secondary", firstName: "Sam", lastName: "Cedar", email: "sam@cedar.test", lastSignInAt: monthsAgo(22) },
      ],
    },
  ],
};

let h: Harness;

beforeAll(async () => {
  // A schedule that never fires during the test (Jan 1): this test runs the check itself.
  h = await startHarness({ records, env: { REMINDER_CRON: "0 9 1 1 *" } });
});
afterAll(async () => {
  await h?.stop();
});

async function cli(args: string[]): Promise<{ code: number; text: string }> {
  let text = "";
  const code = await runReminders(args, { env: h.env, out: (t) => (text += t) });
  return { code, text };
}

/** `email kind stage (locale)` and `subject:` lines of the report. */
function listed(text: string): Array<{ to: string; kind: string; stage: string; subject: string }> {
  const out: Array<{ to: string; kind: string; stage: string; subject: string }> = [];
  for (const block of text.split("\n\n")) {
    const head = /^(\S+@\S+) {2}(\S+) (\S+)/m.exec(block);
    const subject = /^ {2}subject: (.*)$/m.exec(block);
    if (head && subject) out.push({ to: head[1]!, kind: head[2]!, stage: head[3]!, subject: subject[1]! });
  }
  return out.sort((a, b) => a.to.localeCompare(b.to));
}

describe("pinmail reminders", () => {
  it("schedules the daily check in America/Toronto, once however many workers start", async () => {
    const second = await startService("worker", loadRoleConfig("worker", h.env), { logger: createLogger("silent"), readerLeaseMs: 3000 });
    try {
      const queue = h.service.producers.queues.maintenance;
      // The maintenance queue also carries other daily schedulers (retention): count the reminders' own.
      const ids = (await queue.getJobSchedulers()).map((x) => x.key);
      expect(ids.filter((id) => id === REMINDER_SCHEDULER_ID)).toHaveLength(1);
      const s = await queue.getJobScheduler(REMINDER_SCHEDULER_ID);
      expect(s).toMatchObject({ pattern: "0 9 1 1 *", tz: "America/Toronto", name: "reminders" });
      // One waiting job for the next period, not one per worker.
      expect((await queue.getDelayed()).filter((j) => j.name === "reminders")).toHaveLength(1);
    } finally {
      await second.stop();
    }
  });

  it("--dry-run lists, and --send then delivers, exactly the same reminders", async () => {
    const dry = await cli(["--dry-run"]);
    expect(dry.code).toBe(0);
    expect(dry.text).toMatch(/^Reminders due on \d{4}-\d\d-\d\d \(America\/Toronto\): 3\. Dry run: nothing was sent\./);
    expect(dry.text).toContain("why: primary user, last sign-in");
    expect(dry.text).toContain("3 secondary/branch users would be locked out");
    const planned = listed(dry.text);
    expect(planned.map((p) => `${p.to} ${p.kind} ${p.stage}`)).toEqual([
      "eli@elm.test primary-dormancy 21-months",
      "helene@maple.test primary-dormancy 18-months",
      "priya@birch.test account-expiry 3-months-before",
    ]);
    expect(await h.db.outboundMessage.count()).toBe(0);

    const sent = await cli(["--send"]);
    expect(sent.code).toBe(0);
    expect(listed(sent.text)).toEqual(planned);

    const mails = await h.replies((to) => planned.some((p) => to.includes(p.to)), { count: 3 });
    const delivered = mails.map((m) => ({ to: m.to[0]!, subject: m.subject })).sort((a, b) => a.to.localeCompare(b.to));
    expect(delivered).toEqual(planned.map((p) => ({ to: p.to, subject: p.subject })));
    for (const m of mails) {
      expect(m.parsed.headers.get("auto-submitted")).toBe("auto-generated");
      expect(m.parsed.inReplyTo).toBeUndefined();
    }
    const helene = mails.find((m) => m.to.includes("helene@maple.test"))!;
    expect(helene.parsed.text).toContain("3 utilisateurs secondaires et de succursale perdraient aussi leur accès");
    const priya = mails.find((m) => m.to.includes("priya@birch.test"))!;
    expect(priya.parsed.text).toContain("Birch Logistics Ltd. (Hamilton)");

    // Done for today: a second dry run and a second send find nothing.
    expect(listed((await cli(["--dry-run"])).text)).toEqual([]);
    expect((await cli(["--send"])).text).toMatch(/: 0\./);
    expect(await h.db.auditEvent.count({ where: { type: "reminder-queued" } })).toBe(3);
  });

  it("the dashboard shows the organization going dormant within 90 days, with its reminder", async () => {
    await addStaff(h.db, { email: "sam@support.test", role: "support", password: "support password 1" });
    const app = h.service.app!;
    const { cookie } = await signIn(app, "sam@support.test", "support password 1");
    const overview = (await app.inject({ url: "/api/overview", headers: { cookie } })).json() as { atRisk: unknown };
    expect(overview.atRisk).toEqual({ withinDays: 90, organizations: 1 });
    expect((await app.inject({ url: "/partials/overview", headers: { cookie } })).body).toContain('<a href="/at-risk?within=90">1</a>');
    const list = (await app.inject({ url: "/api/at-risk?within=180", headers: { cookie } })).json() as {
      organizations: Array<{ organization: { ref: string }; reminders: Array<{ stage: string }> }>;
    };
    expect(list.organizations.map((o) => [o.organization.ref, o.reminders.map((r) => r.stage)])).toEqual([
      ["elm", ["21-months"]],
      ["maple", ["18-months"]],
    ]);
  });

  it("a sign-in through the feed takes a primary user out of the dry run of a later date", async () => {
    const later = new Date(Date.now() + 70 * DAY).toISOString().slice(0, 10);
    expect(listed((await cli(["--dry-run", "--at", later])).text).map((p) => p.to)).toContain("helene@maple.test");
    const post = (email: string) =>
      fetch(`${h.url}/api/sign-ins`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${API_TOKEN}` },
        body: JSON.stringify({ email, at: new Date().toISOString() }),
      });
    const [known, unknown] = await Promise.all([post("helene@maple.test"), post("nobody@maple.test")]);
    expect([known.status, unknown.status]).toEqual([202, 202]);
    expect(await known.text()).toBe(await unknown.text());
    expect(listed((await cli(["--dry-run", "--at", later])).text).map((p) => p.to)).not.toContain("helene@maple.test");
  });

  it("refuses a usage it cannot honour", async () => {
    await expect(cli([])).rejects.toThrow(/--dry-run or --send/);
    await expect(cli(["--send", "--at", "2027-01-01"])).rejects.toThrow(/--at goes with --dry-run/);
    await expect(cli(["--dry-run", "--at", "2027-02-30"])).rejects.toThrow(/no such date/);
  });

  it("REMINDERS_ENABLED=false removes the schedule", async () => {
    h.env["REMINDERS_ENABLED"] = "false";
    await h.restart();
    expect(await h.service.producers.queues.maintenance.getJobScheduler(REMINDER_SCHEDULER_ID)).toBeUndefined();
  });
});
