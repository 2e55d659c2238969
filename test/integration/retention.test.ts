// The retention purge against a real PostgreSQL with a controlled clock (issue 19): raw mail at
// 89/91 days under a 90-day setting, history at 729/731 days under the 730-day default, open
// requests and legal holds spared, and the dry run listing exactly what the run then removes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RetentionSettings } from "../../src/core/retention-plan.js";
import { liftHold, placeHold } from "../../src/retention/holds.js";
import { lastRetentionRun, previewRetention, runRetention, type RetentionDeps } from "../../src/retention/run-retention.js";
import { createDb, type Db } from "../../src/store/prisma.js";
import { createTestDb, type TestDb } from "../harness/test-db.js";
import { daysAgo, seedRequest, seedUser, TODAY } from "../harness/retention-seed.js";

let t: TestDb;
let db: Db;
let deps: RetentionDeps;
const settings: RetentionSettings = { rawMailDays: 90, recordDays: 730, mailboxDays: 90 };

beforeAll(async () => {
  t = await createTestDb();
  db = createDb(t.url);
  deps = { db, settings, mailbox: null };
});
afterAll(async () => {
  await db?.$disconnect();
  await t?.drop();
});

const rawOf = async (id: number) => await db.inboundRequest.findUniqueOrThrow({ where: { id }, select: { rawSource: true, rawPurgedAt: true } });
const exists = async (id: number) => (await db.inboundRequest.count({ where: { id } })) === 1;

describe("retention purge", () => {
  it("keeps and removes exactly at 89/91 and 729/731 days, spares open and held items, and the dry run lists what the run removes", async () => {
    const r89 = await seedRequest(db, "d89@example.test", 89);
    const r91 = await seedRequest(db, "d91@example.test", 91);
    const r729 = await seedRequest(db, "d729@example.test", 729);
    const r731 = await seedRequest(db, "d731@example.test", 731);
    // Open (in review) for 200 days: its raw mail stays.
    const open = await seedRequest(db, "open@example.test", 200, { state: "review", outcome: "needs-review", reply: false });
    // A registered person whose request is 800 days old but who used the PIN 100 days ago: the
    // history stays (last activity), the raw mail goes.
    const user = await seedUser(db, "active@example.test");
    const used = await seedRequest(db, "active@example.test", 800, { userId: user.id, pinUsedDaysAgo: 100 });
    await db.reminderSent.create({ data: { userId: user.id, kind: "dormancy", stage: "18-months", basis: daysAgo(900), sentAt: daysAgo(300) } });
    // A registered person with nothing for 900 days: everything of theirs goes, the user row stays.
    const gone = await seedUser(db, "gone@example.test", { lastSignInAt: daysAgo(900) });
    const goneReq = await seedRequest(db, "gone@example.test", 900, { userId: gone.id });
    await db.reminderSent.create({ data: { userId: gone.id, kind: "dormancy", stage: "18-months", basis: daysAgo(1000), sentAt: daysAgo(800) } });
    // Held: a person (by address) and a single request, both long past every clock.
    const heldPerson = await seedRequest(db, "held@example.test", 1000);
    const heldReq = await seedRequest(db, "case@example.test", 1000);
    expect((await placeHold(db, "admin@pinmail.test", { email: "Held@Example.test" }, "access request ATIP-2027-001")).kind).toBe("ok");
    expect((await placeHold(db, "admin@pinmail.test", { reference: heldReq.reference }, "litigation")).kind).toBe("ok");
    expect((await placeHold(db, "admin@pinmail.test", { reference: heldReq.reference }, "again")).kind).toBe("conflict");
    expect((await placeHold(db, "admin@pinmail.test", { email: "x@example.test" }, "  ")).kind).toBe("invalid");

    const preview = await previewRetention(deps, TODAY);
    const run = await runRetention(deps, TODAY, "test");

    // The dry run lists what the run then removes, no more, no less.
    expect(run.removedRequests.sort()).toEqual(preview.rawMail.remove.map((r) => r.id).sort());
    expect(run.removedPeople.sort()).toEqual(preview.records.remove.map((p) => p.key).sort());

    // Raw mail: 89 kept, 91, 729 and 800 (closed) removed; the open one kept.
    expect((await rawOf(r89.id)).rawPurgedAt).toBeNull();
    expect((await rawOf(r89.id)).rawSource.length).toBeGreaterThan(0);
    for (const r of [r91, r729, used]) {
      const row = await rawOf(r.id);
      expect(row.rawPurgedAt?.getTime()).toBeTypeOf("number");
      expect(row.rawSource.length).toBe(0);
      const reply = await db.outboundMessage.findFirstOrThrow({ where: { requestId: r.id } });
      expect([reply.maskedText, reply.maskedHtml]).toEqual(["", ""]);
    }
    expect((await rawOf(open.id)).rawPurgedAt).toBeNull();
    // What the decision rests on stays.
    const kept = await db.inboundRequest.findUniqueOrThrow({ where: { id: r91.id } });
    expect([kept.sender, kept.parsedFirstName, kept.parsedLastName, kept.outcome]).toEqual(["d91@example.test", "Ada", "Lovelace", "pin-issued"]);
    expect(await db.auditEvent.count({ where: { requestId: r91.id } })).toBe(1);

    // Records: 729 kept, 731 gone with its replies and events; the active person kept whole.
    expect(await exists(r729.id)).toBe(true);
    expect(await exists(r731.id)).toBe(false);
    expect(await db.outboundMessage.count({ where: { toAddress: "d731@example.test" } })).toBe(0);
    expect(await db.auditEvent.count({ where: { requestId: r731.id } })).toBe(0);
    expect(await exists(used.id)).toBe(true);
    expect(await db.pin.count({ where: { userId: user.id } })).toBe(1);
    expect(await db.reminderSent.count({ where: { userId: user.id } })).toBe(1);
    expect(await exists(goneReq.id)).toBe(false);
    expect(await db.pin.count({ where: { userId: gone.id } })).toBe(0);
    expect(await db.reminderSent.count({ where: { userId: gone.id } })).toBe(0);
    expect(await db.portalUser.count({ where: { id: gone.id } })).toBe(1);

    // Held items survive both purges, raw source included.
    for (const r of [heldPerson, heldReq]) {
      expect(await exists(r.id)).toBe(true);
      expect((await rawOf(r.id)).rawPurgedAt).toBeNull();
    }
    expect(run.counts).toEqual({ at: TODAY.toISOString(), rawMail: 5, records: 2, mailbox: null, held: 4 });

    // One audit event per run, with the counts and no personal data.
    const last = await lastRetentionRun(db);
    expect(last?.counts).toEqual(run.counts);
    expect(JSON.stringify((await db.auditEvent.findFirstOrThrow({ where: { type: "retention-purge" } })).detail)).not.toMatch(/@/);

    // A second run has nothing left to do; lifting the holds lets the next one take them.
    const again = await runRetention(deps, TODAY, "test");
    expect([again.counts.rawMail, again.counts.records]).toEqual([0, 0]);
    expect((await liftHold(db, "admin@pinmail.test", { email: "held@example.test" })).kind).toBe("ok");
    expect((await liftHold(db, "admin@pinmail.test", { reference: heldReq.reference })).kind).toBe("ok");
    expect((await liftHold(db, "admin@pinmail.test", { reference: heldReq.reference })).kind).toBe("not-found");
    // Two years later, with the holds lifted, their history goes like everyone else's.
    const later = await runRetention(deps, new Date(TODAY.getTime() + 731 * 86_400_000), "test");
    expect(later.removedPeople).toContain("held@example.test");
    expect(await exists(heldPerson.id)).toBe(false);
    expect(await exists(heldReq.id)).toBe(false);
    expect(await db.auditEvent.count({ where: { type: { in: ["hold-placed", "hold-lifted"] } } })).toBe(0);
    expect(await db.legalHold.count()).toBe(0);
  });

  it("with the defaults (730/730): at 729 days everything stays, at 731 the history goes whole", async () => {
    const defaults: RetentionDeps = { db, settings: { rawMailDays: 730, recordDays: 730, mailboxDays: 730 }, mailbox: null };
    const a = await seedRequest(db, "default729@example.test", 729);
    const b = await seedRequest(db, "default731@example.test", 731);
    const run = await runRetention(defaults, TODAY, "test");
    expect((await rawOf(a.id)).rawPurgedAt).toBeNull();
    expect(await exists(b.id)).toBe(false);
    expect(run.removedPeople).toEqual(["default731@example.test"]);
  });

  it("two admins holding the same person at once: one hold, the other told it is already held", async () => {
    const results = await Promise.all([1, 2, 3].map((i) => placeHold(db, `admin${i}@pinmail.test`, { email: "race@example.test" }, `reason ${i}`)));
    expect(results.map((r) => r.kind).sort()).toEqual(["conflict", "conflict", "ok"]);
    expect(await db.legalHold.count({ where: { email: "race@example.test" } })).toBe(1);
    expect(await db.auditEvent.count({ where: { type: "hold-placed", detail: { path: ["email"], equals: "race@example.test" } } })).toBe(1);
  });
});
