// `npx tsx bench/reminders.ts [--organizations 20000] [--per 6]` (services up: `npm run services up`)
// How long the daily reminders check, the sign-in feed and the At-risk figure take on a large
// register. Sign-ins are spread evenly over the last 26 months, so about 1 in 26 organizations
// enters each month of the reminder window. Prints one table; nothing is asserted.
import { parseArgs } from "node:util";
import { createTestDb } from "../test/harness/test-db.js";
import { createDb } from "../src/store/prisma.js";
import { findDueReminders, sendDueReminders } from "../src/reminders/send-reminders.js";
import { countOrganizationsAtRisk, listOrganizationsAtRisk } from "../src/reminders/organizations-at-risk.js";
import { recordSignIns } from "../src/signins/record-sign-ins.js";
import { loadDefaultTemplates } from "../src/reply/load-default-templates.js";
import { createRenderer } from "../src/reply/render.js";

const { values } = parseArgs({ options: { organizations: { type: "string", default: "20000" }, per: { type: "string", default: "6" } } });
const ORGS = Number(values.organizations);
const PER = Number(values.per);
const DAY = 86_400_000;

const testDb = await createTestDb();
const db = createDb(testDb.url, { poolSize: 4 });
const rows: Array<[string, string]> = [];
const time = async <T>(label: string, f: () => Promise<T>, detail: (r: T) => string = () => "") => {
  const t = performance.now();
  const r = await f();
  rows.push([label, `${Math.round(performance.now() - t)} ms${detail(r) ? `  (${detail(r)})` : ""}`]);
  return r;
};

try {
  const now = new Date();
  await time(
    "seed",
    async () => {
      for (let start = 0; start < ORGS; start += 1000) {
        const n = Math.min(1000, ORGS - start);
        const created = await db.organization.createManyAndReturn({
          data: Array.from({ length: n }, (_, i) => ({ ref: `org${start + i}`, name: `Organization ${start + i}` })),
          select: { id: true, ref: true },
        });
        await db.portalUser.createMany({
          data: created.flatMap((o, i) => {
            const k = start + i;
            return Array.from({ length: PER }, (_, u) => ({
              organizationId: o.id,
              role: u === 0 ? "primary" : "secondary",
              firstName: "F",
              lastName: `L${u}`,
              email: `u${u}@org${k}.bench.test`,
              locale: k % 3 === 0 ? "fr" : null,
              // Primaries spread over 26 months, others over 30.
              lastSignInAt: new Date(now.getTime() - ((k * 7919 + u * 104729) % (u === 0 ? 26 * 30 : 30 * 30)) * DAY - 3_600_000),
            }));
          }),
        });
      }
    },
    () => `${ORGS} organizations, ${ORGS * PER} users`,
  );

  const due = await time(
    "plan today's reminders (dry run)",
    () => findDueReminders(db, now),
    (d) => `${d.length} due`,
  );
  const defaults = loadDefaultTemplates();
  const deps = {
    db,
    renderer: createRenderer(defaults.partials),
    defaults,
    settings: { ownDomain: "bench.test", portalUrl: "https://portal.example/", supportAddress: "pin@bench.test", pinSecret: "" },
  };
  const t0 = performance.now();
  const run = await time(
    "send: write reminders + outbox + audit",
    () => sendDueReminders(deps, now),
    (r) => `${r.queued.length} written, ${r.failed.length} failed`,
  );
  const each = run.queued.length ? ((performance.now() - t0) / run.queued.length).toFixed(1) : "-";
  rows.push(["  per reminder (one transaction each)", `${each} ms`]);
  await time(
    "second run the same day",
    () => sendDueReminders(deps, now),
    (r) => `${r.queued.length} written`,
  );
  await time(
    "next day's run",
    () => sendDueReminders(deps, new Date(now.getTime() + DAY)),
    (r) => `${r.queued.length} written`,
  );
  await time(
    "At risk: list within 180 days",
    () => listOrganizationsAtRisk(db, now, 180),
    (r) => `${r.length} organizations`,
  );
  await time(
    "overview: countOrganizationsAtRisk(90)",
    () => countOrganizationsAtRisk(db, now, 90),
    (n) => `${n}`,
  );
  const batch = Array.from({ length: 1000 }, (_, i) => ({ email: `u${i % PER}@org${(i * 13) % ORGS}.bench.test`, at: now }));
  await time(
    "sign-in feed: batch of 1,000",
    () => recordSignIns(db, batch),
    (n) => `${n} moved forward`,
  );
  await time(
    "sign-in feed: same batch again",
    () => recordSignIns(db, batch),
    (n) => `${n} moved forward`,
  );
} finally {
  await db.$disconnect();
  await testDb.drop();
}
const width = Math.max(...rows.map((r) => r[0].length));
console.log(`\nreminders benchmark: ${ORGS} organizations × ${PER} users\n`);
for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`);
