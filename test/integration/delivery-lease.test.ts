// Issue 17: replies are delivered in the verification job and by send-mail jobs (retries, rows
// reconcile re-announced), so two deliverers can reach one outbox row. The delivery lease lets
// exactly one send it. Real PostgreSQL, Redis and an in-process SMTP receiver.
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSmtpCatcher, type SmtpCatcher } from "../../scripts/smtp-catcher.js";
import { createRedis } from "../../src/jobs/connection.js";
import { jobIds } from "../../src/jobs/jobs.js";
import { createProducers, type Producers } from "../../src/jobs/producers.js";
import { deliver, DeliveryLeasedError, type DeliverDeps } from "../../src/outbox/deliver.js";
import { seal } from "../../src/outbox/seal.js";
import { createTransport } from "../../src/outbox/transport.js";
import { SendRateWaitError, SharedSendRate, type SendSlot } from "../../src/outbox/send-rate.js";
import { startWorkers, type WorkerDeps } from "../../src/queue/workers.js";
import { createLogger } from "../../src/runtime/logger.js";
import { reconcile } from "../../src/queue/reconcile.js";
import { createDb, type Db } from "../../src/store/prisma.js";
import { createPool, type Pool } from "../../src/store/sql.js";
import { readCaughtMessages } from "../harness/mail-sink.js";
import { TEST_SECRETS } from "../harness/secrets.js";
import { serviceEnv } from "../harness/service-env.js";
import { createTestDb, type TestDb } from "../harness/test-db.js";

let t: TestDb;
let db: Db;
let pool: Pool;
let smtp: SmtpCatcher;
let producers: Producers;
const redis = createRedis(serviceEnv()["REDIS_URL"]!, "producer");
const prefix = `pmtest-lease-${randomBytes(4).toString("hex")}`;
const transports: Array<ReturnType<typeof createTransport>> = [];

beforeAll(async () => {
  t = await createTestDb();
  db = createDb(t.url);
  pool = createPool(t.url, { max: 4 });
  // Each message takes 300 ms to accept, so two deliverers really are at it at the same time.
  smtp = await startSmtpCatcher({
    port: 0,
    dir: mkdtempSync(join(tmpdir(), "pinmail-lease-")),
    lmtp: false,
    hooks: { onData: () => new Promise((r) => setTimeout(r, 300)) },
  });
  producers = createProducers(redis, prefix, { smtpRetryAttempts: 1, smtpRetryBaseMs: 10 });
});
afterAll(async () => {
  for (const tr of transports) tr.close();
  await producers?.close();
  await redis.quit();
  await smtp?.close();
  await pool?.end();
  await db?.$disconnect();
  await t?.drop();
});

/** One deliverer as a worker process has it: its own SMTP pool; with or without the pg pool. */
function deliverer(withPool: boolean): DeliverDeps {
  const transport = createTransport({ smtpUrl: `smtp://127.0.0.1:${smtp.port}`, poolSize: 2, dkim: null });
  transports.push(transport);
  return {
    db,
    pool: withPool ? pool : undefined,
    transport,
    from: "PIN Reset <pinmail@pinmail.test>",
    envelopeFrom: "pinmail@pinmail.test",
    secrets: [TEST_SECRETS.pinSecret],
  };
}

const outboxRow = (createdAt = new Date()) =>
  db.outboundMessage.create({
    data: {
      dedupeKey: `lease-${randomBytes(6).toString("hex")}`,
      purpose: "reply",
      template: "pin-issued",
      locale: "en",
      toAddress: "maria.santos@northwind.test",
      messageId: `<lease.${randomBytes(6).toString("hex")}@pinmail.test>`,
      subject: "Re: PIN Reset",
      headers: {},
      encrypted: new Uint8Array(
        seal(JSON.stringify({ subject: "Re: PIN Reset", text: "PIN: 12345678", html: "<p>PIN: 12345678</p>" }), TEST_SECRETS.pinSecret),
      ),
      maskedText: "PIN: ••••••••",
      maskedHtml: "<p>PIN: ••••••••</p>",
      createdAt,
    },
  });

const copiesOf = async (messageId: string) => (await readCaughtMessages(smtp.dir)).filter((r) => r.messageId === messageId).length;

describe("delivery lease", () => {
  it("two deliverers racing for one row: it is sent once, the other is told it is leased", async () => {
    const row = await outboxRow();
    const results = await Promise.allSettled([deliver(deliverer(true), row.id), deliver(deliverer(false), row.id)]);
    const sent = results.filter((r) => r.status === "fulfilled" && r.value === "sent");
    const leased = results.filter((r) => r.status === "rejected" && r.reason instanceof DeliveryLeasedError);
    expect(sent).toHaveLength(1);
    expect(leased).toHaveLength(1);
    const until = ((leased[0] as PromiseRejectedResult).reason as DeliveryLeasedError).until;
    expect(until.getTime()).toBeGreaterThan(Date.now());
    expect(await copiesOf(row.messageId)).toBe(1);
    const after = await db.outboundMessage.findUniqueOrThrow({ where: { id: row.id } });
    expect(after.status).toBe("sent");
    // Only the claim that won counted an attempt.
    expect(after.attempts).toBe(1);
    // Once sent, any later deliverer finds it done.
    expect(await deliver(deliverer(true), row.id)).toBe("already-sent");
    expect(await copiesOf(row.messageId)).toBe(1);
  });

  it("a lease held by a deliverer that died: reconcile waits until it passes, then the row is sent", async () => {
    const row = await outboxRow(new Date(Date.now() - 60_000));
    // A worker claimed it and was killed before sending.
    await db.outboundMessage.update({ where: { id: row.id }, data: { attempts: 1, leaseUntil: new Date(Date.now() + 60_000) } });
    await expect(deliver(deliverer(true), row.id)).rejects.toBeInstanceOf(DeliveryLeasedError);
    await reconcile(db, producers);
    expect(await producers.queues.outbox.getJob(jobIds.sendMail(row.id))).toBeUndefined();
    expect(await copiesOf(row.messageId)).toBe(0);

    await db.outboundMessage.update({ where: { id: row.id }, data: { leaseUntil: new Date(Date.now() - 1000) } });
    await reconcile(db, producers);
    expect(await producers.queues.outbox.getJob(jobIds.sendMail(row.id))).toBeDefined();
    expect(await deliver(deliverer(false), row.id)).toBe("sent");
    expect(await copiesOf(row.messageId)).toBe(1);
    expect((await db.outboundMessage.findUniqueOrThrow({ where: { id: row.id } })).attempts).toBe(2);
    await producers.queues.outbox.obliterate({ force: true });
  });

  it("a reply waiting for a sending slot (SMTP_RATE_PER_MINUTE) holds no lease and counts no attempt until it has one", async () => {
    const row = await outboxRow();
    let open!: (slot: SendSlot) => void;
    const gate = new Promise<SendSlot>((r) => (open = r));
    const asked: number[] = [];
    const waiting = deliver({ ...deliverer(true), rate: { acquire: () => (asked.push(row.id), gate) } }, row.id);
    await new Promise((r) => setTimeout(r, 100));
    expect(asked).toEqual([row.id]);
    // Still waiting: the row is not claimed, so no lease can pass while it waits and no one else
    // (a send-mail job, reconcile) can be told to send it a second time meanwhile.
    expect(await db.outboundMessage.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ status: "pending", attempts: 0, leaseUntil: null });
    expect(await copiesOf(row.messageId)).toBe(0);
    open({ release: async () => undefined });
    expect(await waiting).toBe("sent");
    expect(await copiesOf(row.messageId)).toBe(1);
    expect((await db.outboundMessage.findUniqueOrThrow({ where: { id: row.id } })).attempts).toBe(1);
  });

  it("a send-mail job that found no sending slot in time waits and is sent, without using its one attempt", async () => {
    const row = await outboxRow();
    const ownPrefix = `pmtest-rate-${randomBytes(4).toString("hex")}`;
    const connection = createRedis(serviceEnv()["REDIS_URL"]!, "worker");
    // One attempt only: had the wait used it, the reply would have failed for good.
    const own = createProducers(redis, ownPrefix, { smtpRetryAttempts: 1, smtpRetryBaseMs: 10 });
    let asked = 0;
    const rate = {
      acquire: async () => {
        if (++asked === 1) throw new SendRateWaitError("no sending slot within 300 s", 200);
        return { release: async () => undefined };
      },
    };
    const notHere = <T>(what: string) =>
      new Proxy(
        {},
        {
          get: () => {
            throw new Error(`${what} is not part of this test`);
          },
        },
      ) as T;
    const workers = startWorkers({
      connection,
      prefix: ownPrefix,
      db,
      logger: createLogger("silent"),
      producers: own,
      settings: { concurrency: 1, lockMs: 30_000, stalledIntervalMs: 30_000 },
      verify: notHere<WorkerDeps["verify"]>("verification"),
      reminders: notHere<WorkerDeps["reminders"]>("reminders"),
      deliver: { ...deliverer(true), rate },
    });
    try {
      await own.sendMail([row.id]);
      for (let i = 0; i < 100 && (await copiesOf(row.messageId)) === 0; i++) await new Promise((r) => setTimeout(r, 50));
      expect(await copiesOf(row.messageId)).toBe(1);
      expect(asked).toBe(2);
      const after = await db.outboundMessage.findUniqueOrThrow({ where: { id: row.id } });
      expect(after).toMatchObject({ status: "sent", attempts: 1 });
    } finally {
      await Promise.all(workers.map((w) => w.close()));
      await own.queues.outbox.obliterate({ force: true });
      await own.close();
      await connection.quit();
    }
  });

  it("a deliverer that finds the reply already sent gives its slot back (a race costs the mailbox nothing)", async () => {
    const row = await outboxRow();
    const key = `${prefix}:smtp-rate`;
    const rate = new SharedSendRate({ redis, key, limit: 5, logger: createLogger("silent") });
    expect(await deliver({ ...deliverer(true), rate }, row.id)).toBe("sent");
    expect(await redis.zcard(key)).toBe(1);
    expect(await deliver({ ...deliverer(false), rate }, row.id)).toBe("already-sent");
    expect(await redis.zcard(key)).toBe(1);
    expect(await copiesOf(row.messageId)).toBe(1);
    await redis.del(key);
  });
});
