// Intake's statements (raw SQL since issue 17) on a plain pg pool and through a Prisma client
// alike: each message is one row with every column the analysis gave, stored once (a repeated
// Message-ID in a batch, a message already stored, a second sweep of the same mail), its audit
// events in order, and automatic mail about a reply of ours settles that reply.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Producers } from "../../src/jobs/producers.js";
import { intake, type IncomingMessage } from "../../src/ingest/intake.js";
import type { Analysis, MessageFacts } from "../../src/pipeline/analyse-message.js";
import { createDb, type Db } from "../../src/store/prisma.js";
import { createPool, pgQueryable, prismaQueryable, type Pool, type Queryable } from "../../src/store/sql.js";
import { createTestDb, type TestDb } from "../harness/test-db.js";

let t: TestDb;
let db: Db;
let pool: Pool;
const NOW = new Date("2026-12-07T15:00:00Z");

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

/** Records what intake hands to the verification queue (the queue itself is BullMQ's). */
function recordingProducers(): Producers & { queued: number[][] } {
  const queued: number[][] = [];
  return {
    queued,
    queues: {} as Producers["queues"],
    verifyRequests: async (ids) => void queued.push([...ids]),
    sendMail: async () => undefined,
    close: async () => undefined,
  };
}

const runners: Array<[string, () => Queryable]> = [
  ["pg", () => pgQueryable(pool)],
  ["prisma", () => prismaQueryable(db)],
];

describe.each(runners)("intake on %s", (label, queryable) => {
  const facts = (n: string, internalDate: Date | null = new Date("2026-12-07T14:59:00Z")): MessageFacts => ({
    messageKey: `<${label}-${n}@sender.test>`,
    messageId: `<${label}-${n}@sender.test>`,
    sender: `${n}@sender.test`,
    senderName: `Sender ${n}`,
    subject: `PIN ${n}`,
    internalDate,
  });
  const take = (n: string): Analysis => ({
    action: "take",
    facts: facts(n),
    kind: "reset",
    language: "fr",
    name: { name: { firstName: "Ana", lastName: "Roy" }, source: "signature" },
    review: { reason: "old mail", acknowledge: false },
    auth: { status: "pass", reason: "dkim=pass" },
  });
  const message = (uid: number, analysis: Analysis, raw = `Subject: ${uid}\r\n\r\nbody \u00e9\u0000\xff`): IncomingMessage => ({
    uid,
    raw: Buffer.from(raw, "latin1"),
    analysis,
  });
  const ctx = (producers: Producers) => ({ q: queryable(), db, producers, mailbox: "INBOX", uidValidity: 4_000_000_001n, now: () => NOW });
  const rowOf = (n: string) =>
    db.inboundRequest.findUniqueOrThrow({ where: { messageKey: `<${label}-${n}@sender.test>` }, include: { events: { orderBy: { id: "asc" } } } });

  it("stores each message once with its columns and events, and queues the requests", async () => {
    const producers = recordingProducers();
    const batch = [
      message(1, take("a")),
      message(2, take("a")), // the same Message-ID again in the batch: one row
      message(3, { action: "ignore", facts: facts("b", null), reason: "no single sender" }),
      message(4, { action: "attention", facts: facts("c"), reason: "too big" }),
      message(5, { action: "leave", reason: "not for pinmail" }),
    ];
    const result = await intake(ctx(producers), batch);
    expect([...result]).toEqual([
      [5, "left"],
      [1, "processed"],
      [2, "processed"],
      [3, "processed"],
      [4, "attention"],
    ]);

    const a = await rowOf("a");
    expect(a).toMatchObject({
      messageId: `<${label}-a@sender.test>`,
      mailbox: "INBOX",
      uidValidity: 4_000_000_001n,
      internalDate: new Date("2026-12-07T14:59:00Z"),
      receivedAt: new Date("2026-12-07T14:59:00Z"),
      takenAt: NOW,
      sender: "a@sender.test",
      senderName: "Sender a",
      subject: "PIN a",
      kind: "reset",
      language: "fr",
      state: "received",
      parsedFirstName: "Ana",
      parsedLastName: "Roy",
      parsedFullName: null,
      nameSource: "signature",
      reviewReason: "old mail",
      reviewAcknowledged: false,
      senderAuth: "pass",
      senderAuthReason: "dkim=pass",
      disposition: "processed",
      ignoredReason: null,
      parentId: null,
      rawSize: batch[0]!.raw.length,
      version: 0,
    });
    // Either UID of the repeated message may be kept (the row stands for both).
    expect([1, 2]).toContain(a.uid);
    expect(Buffer.from(a.rawSource).equals(batch[a.uid - 1]!.raw)).toBe(true);
    expect(a.reference).toMatch(/^PM-/);
    expect(a.events.map((e) => [e.type, e.actor, e.detail])).toEqual([
      ["received", "pinmail", { mailbox: "INBOX", uid: 1, size: batch[0]!.raw.length }],
      ["classified", "pinmail", { kind: "reset", language: "fr", name: { firstName: "Ana", lastName: "Roy", source: "signature" }, review: "old mail" }],
    ]);
    expect(producers.queued).toEqual([[a.id]]);

    const b = await rowOf("b");
    expect(b).toMatchObject({ state: "ignored", disposition: "processed", ignoredReason: "no single sender", kind: null, internalDate: null, receivedAt: NOW });
    expect(b.reviewAcknowledged).toBe(true);
    expect(b.events.map((e) => [e.type, e.detail])).toEqual([["ignored", { reason: "no single sender" }]]);
    const c = await rowOf("c");
    expect(c).toMatchObject({ state: "failed", disposition: "attention", ignoredReason: "too big" });
    expect(c.events.map((e) => [e.type, e.detail])).toEqual([["attention", { reason: "too big" }]]);

    // The next sweep sees the same mail (and one new): nothing stored twice, no second events.
    const again = recordingProducers();
    await intake(ctx(again), [message(1, take("a")), message(6, take("d"))]);
    expect(await db.inboundRequest.count({ where: { messageKey: { startsWith: `<${label}-a@` } } })).toBe(1);
    expect((await rowOf("a")).events).toHaveLength(2);
    const d = await rowOf("d");
    expect(d.events.map((e) => e.type)).toEqual(["received", "classified"]);
    expect(again.queued).toEqual([[a.id, d.id]]);
  });

  it("files a bounce of one of our replies under its request and marks the reply undeliverable", async () => {
    const request = await db.inboundRequest.create({
      data: {
        reference: `PM-IN-${label}`,
        messageKey: `<${label}-asked@sender.test>`,
        mailbox: "INBOX",
        uidValidity: 1n,
        uid: 90,
        sender: "asked@sender.test",
        subject: "PIN",
        rawSource: Buffer.from("x"),
        rawSize: 1,
        kind: "reset",
        state: "answered",
      },
    });
    const reply = await db.outboundMessage.create({
      data: {
        dedupeKey: `${request.id}:reply`,
        requestId: request.id,
        purpose: "reply",
        template: "pin-issued",
        locale: "en",
        toAddress: "asked@sender.test",
        messageId: `<reply-${label}@pinmail.test>`,
        subject: "Your PIN",
        headers: {},
        maskedText: "x",
        maskedHtml: "x",
        status: "sent",
      },
    });
    const bounce: Analysis = {
      action: "record",
      facts: facts("bounce"),
      reason: "delivery report",
      bounce: true,
      relatedMessageIds: ["<other@pinmail.test>", reply.messageId],
    };
    const producers = recordingProducers();
    expect([...(await intake(ctx(producers), [message(7, bounce)]))]).toEqual([[7, "processed"]]);
    // A second sweep of the same bounce changes nothing more.
    await intake(ctx(producers), [message(7, bounce)]);

    const stored = await rowOf("bounce");
    expect(stored).toMatchObject({ state: "ignored", disposition: "processed", ignoredReason: "delivery report", parentId: request.id });
    const events = await db.auditEvent.findMany({ where: { requestId: request.id }, orderBy: { id: "asc" } });
    expect(events.map((e) => [e.type, e.detail])).toEqual([
      ["reply-bounced", { reason: "delivery report", inboundId: stored.id }],
      ["reply-undeliverable", { reason: "bounced (delivery report received)" }],
    ]);
    expect((await db.outboundMessage.findUniqueOrThrow({ where: { id: reply.id } })).status).toBe("undeliverable");
    expect((await db.inboundRequest.findUniqueOrThrow({ where: { id: request.id } })).state).toBe("review");
    expect(producers.queued).toEqual([]);
  });
});
