// Each named move of a request's life (store/request-life.ts) writes the state, the columns that
// go with it and its audit event, in one statement, on a plain pg client and in a Prisma
// transaction alike; a move the state machine does not allow, or from a state the request has
// left, changes nothing. The migration that made review_acknowledged a column converts old rows.
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reviewDueFrom } from "../../src/core/review-due.js";
import { DEFAULT_MIGRATIONS_DIR, migrate } from "../../src/store/migrate.js";
import { createDb, type Db } from "../../src/store/prisma.js";
import { answeredSql, answerWithCase, decidedSql, markFailed, markIgnored, requeue, sendToReview, startProcessing } from "../../src/store/request-life.js";
import { createPool, inTransaction, pgQueryable, prismaQueryable, sql, type Pool, type Queryable } from "../../src/store/sql.js";
import { createTestDb, type TestDb } from "../harness/test-db.js";

let t: TestDb;
let db: Db;
let pool: Pool;
let seq = 0;
const NOW = new Date("2026-12-07T15:00:00Z");

function rowData(state: string, reviewReason: string | null = null) {
  seq++;
  return {
    reference: `PM-RL-${seq}`,
    messageKey: `<rl-${seq}@test>`,
    mailbox: "INBOX",
    uidValidity: 1n,
    uid: seq,
    sender: `p${seq}@x.test`,
    subject: "PIN",
    rawSource: Buffer.from("x"),
    rawSize: 1,
    kind: "reset",
    state,
    reviewReason,
  };
}

const add = (state: string, reviewReason: string | null = null) => db.inboundRequest.create({ data: rowData(state, reviewReason) });
const read = (id: number) => db.inboundRequest.findUniqueOrThrow({ where: { id }, include: { events: { orderBy: { id: "asc" } } } });
const types = async (id: number) => (await read(id)).events.map((e) => e.type);

beforeAll(async () => {
  t = await createTestDb();
  db = createDb(t.url);
  pool = createPool(t.url, { max: 2 });
}, 60_000);
afterAll(async () => {
  await pool?.end();
  await db?.$disconnect();
  await t?.drop();
});

// Every move runs once on a pg client and once in a Prisma transaction.
const runners: Array<[string, <T>(fn: (q: Queryable) => Promise<T>) => Promise<T>]> = [
  ["pg", (fn) => inTransaction(pool, fn)],
  ["prisma", (fn) => db.$transaction((tx) => fn(prismaQueryable(tx)))],
];

describe.each(runners)("named moves on %s", (_name, run) => {
  it("sendToReview: review, a fresh reason (acknowledged), due in 3 business days, assigned when asked, its event", async () => {
    const r = await add("processing");
    const staff = await db.staffAccount.create({ data: { email: `s${++seq}@support.test`, role: "support", passwordHash: "x" } });
    const event = { type: "reply-failed", actor: "pinmail", detail: { error: "451" } };
    const moved = await run((q) => sendToReview(q, { id: r.id, reason: "reply could not be delivered: 451", now: NOW, event, assignedToId: staff.id }));
    expect(moved).toEqual({ id: r.id, version: 1 });
    const after = await read(r.id);
    expect(after).toMatchObject({
      state: "review",
      reviewReason: "reply could not be delivered: 451",
      reviewAcknowledged: true,
      assignedToId: staff.id,
      version: 1,
    });
    expect(after.dueAt).toEqual(reviewDueFrom(NOW));
    expect(after.updatedAt).toEqual(NOW);
    expect(after.events.map((e) => [e.type, e.actor, e.detail])).toEqual([["reply-failed", "pinmail", { error: "451" }]]);
  });

  it("sendToReview from a state it is not allowed to leave here: nothing moves, the event only when `always`", async () => {
    const r = await add("answered");
    const event = { type: "reply-failed", actor: "pinmail" };
    expect(await run((q) => sendToReview(q, { id: r.id, from: ["processing", "received"], reason: "x", now: NOW, event }))).toBeNull();
    expect(await types(r.id)).toEqual([]);
    expect(await run((q) => sendToReview(q, { id: r.id, from: ["processing", "received"], reason: "x", now: NOW, event, always: true }))).toBeNull();
    expect(await read(r.id)).toMatchObject({ state: "answered", version: 0 });
    expect(await types(r.id)).toEqual(["reply-failed"]);
  });

  it("refuses a move the state machine does not list (failed → review)", async () => {
    const r = await add("failed");
    const event = { type: "x", actor: "pinmail" };
    await expect(run((q) => sendToReview(q, { id: r.id, from: ["failed"], reason: "x", now: NOW, event }))).rejects.toThrow(
      /does not move from failed to review/,
    );
    expect(await read(r.id)).toMatchObject({ state: "failed", version: 0 });
  });

  it("startProcessing: staff decided, outcome and user written, due date cleared, the staff event with the user", async () => {
    const ref = `ORG-${++seq}`;
    const org = { ref, name: ref, users: { create: { email: `${ref}@x.test`, firstName: "A", lastName: "B", role: "secondary" } } };
    const u = await db.organization.create({ data: org, include: { users: true } });
    const r = await add("review");
    const event = { type: "staff-approved", actor: "sam@support.test", detail: { to: "u@x.test" }, userId: u.users[0]!.id };
    await run((q) => startProcessing(q, { id: r.id, outcome: "pin-issued", userId: u.users[0]!.id, now: NOW, event }));
    const after = await read(r.id);
    expect(after).toMatchObject({ state: "processing", outcome: "pin-issued", userId: u.users[0]!.id, decidedAt: NOW, dueAt: null, version: 1 });
    expect(after.events.map((e) => [e.type, e.actor, e.userId])).toEqual([["staff-approved", "sam@support.test", u.users[0]!.id]]);
  });

  it("markIgnored: a closed case keeps its outcome and why; a re-processed message needs the version staff saw", async () => {
    const c = await add("review");
    await run((q) =>
      markIgnored(q, {
        id: c.id,
        from: "review",
        outcome: "rejected",
        reason: "closed without a reply by s: no",
        now: NOW,
        event: { type: "staff-closed", actor: "s" },
      }),
    );
    expect(await read(c.id)).toMatchObject({
      state: "ignored",
      outcome: "rejected",
      ignoredReason: "closed without a reply by s: no",
      decidedAt: NOW,
      dueAt: null,
    });
    expect(await types(c.id)).toEqual(["staff-closed"]);

    const f = await add("failed");
    const event = { type: "staff-reprocessed", actor: "s", detail: { result: "ignore" } };
    expect(await run((q) => markIgnored(q, { id: f.id, from: "failed", reason: "auto-reply", now: NOW, event, expectedVersion: 3 }))).toBeNull();
    expect(await read(f.id)).toMatchObject({ state: "failed", version: 0 });
    expect(await run((q) => markIgnored(q, { id: f.id, from: "failed", reason: "auto-reply", now: NOW, event, expectedVersion: 0 }))).not.toBeNull();
    expect(await read(f.id)).toMatchObject({ state: "ignored", ignoredReason: "auto-reply", decidedAt: null, version: 1 });
    expect(await types(f.id)).toEqual(["staff-reprocessed"]);
  });

  it("markFailed: only a request not yet decided; the event when asked even if it had moved on", async () => {
    const r = await add("received");
    await run((q) => markFailed(q, { id: r.id, reason: "verification failed: boom", now: NOW, event: { type: "failed", actor: "pinmail" }, always: true }));
    expect(await read(r.id)).toMatchObject({ state: "failed", ignoredReason: "verification failed: boom", version: 1 });
    const done = await add("answered");
    expect(await run((q) => markFailed(q, { id: done.id, reason: "x", now: NOW, event: null }))).toBeNull();
    expect(await read(done.id)).toMatchObject({ state: "answered", ignoredReason: null });
    expect(await types(r.id)).toEqual(["failed"]);
    expect(await types(done.id)).toEqual([]);
  });

  it("requeue: back to received with the new reading's review reason (silent kept silent), outcome and due date cleared", async () => {
    const r = await add("failed");
    const event = { type: "staff-reprocessed", actor: "s" };
    const moved = await run((q) =>
      requeue(q, { id: r.id, from: "failed", review: { reason: "too old: arrived 30 days", acknowledged: false }, now: NOW, event }),
    );
    expect(moved).toEqual({ id: r.id, version: 1 });
    expect(await read(r.id)).toMatchObject({
      state: "received",
      reviewReason: "too old: arrived 30 days",
      reviewAcknowledged: false,
      outcome: null,
      dueAt: null,
    });
    const c = await add("review", "sender authentication: DMARC failed");
    await run((q) => requeue(q, { id: c.id, from: "review", review: null, now: NOW, event: { type: "staff-corrected-name", actor: "s" } }));
    expect(await read(c.id)).toMatchObject({ state: "received", reviewReason: null, reviewAcknowledged: true });
    expect(await types(c.id)).toEqual(["staff-corrected-name"]);
  });

  it("answerWithCase: a follow-up settled with its case", async () => {
    const r = await add("review");
    await run((q) =>
      answerWithCase(q, { id: r.id, outcome: "pin-issued", now: NOW, event: { type: "closed-with-case", actor: "s", detail: { case: "PM-1" } } }),
    );
    expect(await read(r.id)).toMatchObject({ state: "answered", outcome: "pin-issued", decidedAt: NOW, answeredAt: NOW, dueAt: null, version: 1 });
    expect(await types(r.id)).toEqual(["closed-with-case"]);
  });

  it("decidedSql and answeredSql: the hot path's fragments move received → processing → answered", async () => {
    const r = await add("received", "sender authentication: DMARC failed");
    const decided = {
      id: r.id,
      state: "processing" as const,
      outcome: "pin-issued",
      userId: null,
      decidedAt: NOW,
      dueAt: null,
      parentId: null,
      ignoredReason: null,
    };
    await run((q) =>
      q.query(sql`WITH d AS (${decidedSql({ ...decided, review: { reason: "sender authentication: DMARC failed", acknowledged: true } })}) SELECT 1`),
    );
    expect(await read(r.id)).toMatchObject({ state: "processing", outcome: "pin-issued", decidedAt: NOW, version: 1 });
    // Decided once: a second decision does not move it again.
    await run((q) => q.query(sql`WITH d AS (${decidedSql({ ...decided, state: "ignored", review: null })}) SELECT 1`));
    expect(await read(r.id)).toMatchObject({ state: "processing", version: 1 });
    const later = new Date(NOW.getTime() + 60_000);
    await run((q) => q.query(sql`WITH a AS (${answeredSql(r.id, later)}) SELECT 1`));
    await run((q) => q.query(sql`WITH a AS (${answeredSql(r.id, later)}) SELECT 1`));
    expect(await read(r.id)).toMatchObject({ state: "answered", answeredAt: later, version: 2 });
  });
});

it("a statement outside a transaction works too (pg pool)", async () => {
  const r = await add("received");
  await markFailed(pgQueryable(pool), { id: r.id, reason: "x", now: NOW, event: { type: "failed", actor: "pinmail" } });
  expect(await read(r.id)).toMatchObject({ state: "failed" });
  expect(await types(r.id)).toEqual(["failed"]);
});

it("the migration marks rows stored with the old 'too old:' prefix as silent review, every other row acknowledged", async () => {
  const old = await createTestDb({ migrate: false });
  const dir = mkdtempSync(join(tmpdir(), "pinmail-mig-"));
  try {
    cpSync(DEFAULT_MIGRATIONS_DIR, dir, { recursive: true });
    rmSync(join(dir, "20261206031000_review_acknowledged"), { recursive: true });
    await migrate(old.url, dir);
    const c = new pg.Client({ connectionString: old.url });
    await c.connect();
    try {
      const reasons = [
        "too old: arrived 30 days before pinmail saw it (IMAP_MAX_AGE_DAYS=14)",
        "sender authentication: DMARC failed",
        "the message body could not be decoded",
        null,
      ];
      for (const [i, reason] of reasons.entries())
        await c.query(
          `INSERT INTO inbound_requests (reference, message_key, mailbox, uid_validity, uid, sender, subject, raw_source, raw_size, state, review_reason)
           VALUES ($1, $2, 'INBOX', 1, $3, 'a@x.test', 'PIN', '\\x00', 1, 'received', $4)`,
          [`PM-OLD-${i}`, `<old-${i}@test>`, i + 1, reason],
        );
      await migrate(old.url);
      const rows = (await c.query(`SELECT review_reason, review_acknowledged FROM inbound_requests ORDER BY uid`)).rows;
      expect(rows.map((r) => r.review_acknowledged)).toEqual([false, true, true, true]);
      expect(rows[0].review_reason).toBe(reasons[0]);
    } finally {
      await c.end();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await old.drop();
  }
});
