// Issue 13.9 (one live PIN per person) and 13.10 (sealed copies of PIN replies do not outlive
// their use), against the real PostgreSQL, Redis and an in-process SMTP receiver.
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSmtpCatcher, type SmtpCatcher } from "../../scripts/smtp-catcher.js";
import { makeReference } from "../../src/core/reference.js";
import { deliver, PermanentDeliveryError } from "../../src/outbox/deliver.js";
import { seal } from "../../src/outbox/seal.js";
import { sweepSealedCopies } from "../../src/outbox/sealed-copies.js";
import { createTransport } from "../../src/outbox/transport.js";
import { createRedis } from "../../src/jobs/connection.js";
import { createProducers, type Producers } from "../../src/jobs/producers.js";
import { giveUp } from "../../src/queue/workers.js";
import { jobIds, QUEUES } from "../../src/jobs/jobs.js";
import { discardJob } from "../../src/review/failed-jobs.js";
import { UnrecoverableError, Worker } from "bullmq";
import { loadDefaultTemplates } from "../../src/reply/load-default-templates.js";
import { createRenderer } from "../../src/reply/render.js";
import { approveRequest } from "../../src/review/approve-request.js";
import type { ReviewDeps } from "../../src/review/review-deps.js";
import { importRecords } from "../../src/store/import-records.js";
import { createDb, type Db } from "../../src/store/prisma.js";
import { prismaQueryable } from "../../src/store/sql.js";
import { validateRecords } from "../../src/store/records-file.js";
import { testRecords } from "../fixtures/records.js";
import { readCaughtMessages } from "../harness/mail-sink.js";
import { TEST_SECRETS } from "../harness/secrets.js";
import { serviceEnv } from "../harness/service-env.js";
import { createTestDb, type TestDb } from "../harness/test-db.js";

const MARIA = "maria.santos@northwind.test";
const PREFIX = `pmtest-pins-${randomBytes(4).toString("hex")}`;
let t: TestDb;
let db: Db;
let producers: Producers;
let redis: ReturnType<typeof createRedis>;
let smtp: SmtpCatcher;
let deps: ReviewDeps;
let mariaId: number;

beforeAll(async () => {
  t = await createTestDb();
  db = createDb(t.url);
  const v = validateRecords(testRecords());
  if (!v.ok) throw new Error("records");
  await importRecords(db, v.records);
  mariaId = (await db.portalUser.findUniqueOrThrow({ where: { email: MARIA } })).id;
  redis = createRedis(serviceEnv()["REDIS_URL"]!, "producer");
  producers = createProducers(redis, PREFIX, { smtpRetryAttempts: 1, smtpRetryBaseMs: 100 });
  smtp = await startSmtpCatcher({ port: 0, dir: mkdtempSync(join(tmpdir(), "pinmail-smtp-")), lmtp: false });
  const defaults = loadDefaultTemplates();
  deps = {
    db,
    renderer: createRenderer(defaults.partials),
    defaults,
    producers,
    analyse: { ownAddress: "pinmail@pinmail.test", ownDomain: "pinmail.test", senderAuth: { authservId: undefined, require: false } },
    settings: {
      pinSecret: TEST_SECRETS.pinSecret,
      pinLength: 8,
      pinTtlDays: 14,
      pinsPerDay: 3,
      unknownPerHour: 100,
      ownDomain: "pinmail.test",
      portalUrl: "https://portal.example.org",
      supportAddress: "pinmail@pinmail.test",
    },
  };
});
afterAll(async () => {
  await Promise.all(Object.values(producers?.queues ?? {}).map((q) => q.obliterate({ force: true }).catch(() => undefined)));
  await producers?.close?.();
  redis?.disconnect();
  await smtp?.close();
  await db?.$disconnect();
  await t?.drop();
});

async function seedCase(sender = MARIA) {
  const reference = makeReference(new Date());
  return db.inboundRequest.create({
    data: {
      reference,
      messageKey: `<${reference}@seed.test>`,
      mailbox: "INBOX",
      uidValidity: 1n,
      uid: 1,
      sender,
      subject: "PIN Reset",
      kind: "reset",
      state: "review",
      outcome: "needs-review",
      reviewReason: "sender authentication: DMARC failed",
      senderAuth: "fail",
      parsedFirstName: "Maria",
      parsedLastName: "Santos",
      disposition: "processed",
      rawSource: new Uint8Array(Buffer.from("x")),
      rawSize: 1,
    },
  });
}

const livePins = () => db.pin.count({ where: { userId: mariaId, usedAt: null, revokedAt: null } });

describe("one live PIN per person (13.9)", () => {
  it("the database refuses a second live PIN for the same person", async () => {
    const c = new pg.Client({ connectionString: t.url });
    await c.connect();
    try {
      const insert = (hash: string) =>
        c.query(`INSERT INTO pins (user_id, hash, key_id, expires_at) VALUES ($1, $2, 'k', now() + interval '1 day')`, [mariaId, hash]);
      await c.query(`UPDATE pins SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL AND used_at IS NULL`, [mariaId]);
      await insert("a".repeat(64));
      await expect(insert("b".repeat(64))).rejects.toMatchObject({ code: "23505" });
      // A used or revoked PIN does not count.
      await c.query(`UPDATE pins SET used_at = now() WHERE user_id = $1 AND used_at IS NULL AND revoked_at IS NULL`, [mariaId]);
      await insert("c".repeat(64));
      await c.query(`UPDATE pins SET revoked_at = now() WHERE user_id = $1 AND used_at IS NULL AND revoked_at IS NULL`, [mariaId]);
    } finally {
      await c.end();
    }
  });

  it("staff approval waits for the per-address lock a verification holds, then leaves one live PIN", async () => {
    const kase = await seedCase();
    // An in-flight verification of another mail from Maria: it holds her address lock and has
    // just issued her a PIN (not yet committed).
    const verification = new pg.Client({ connectionString: t.url });
    await verification.connect();
    await verification.query("BEGIN");
    await verification.query(`SELECT pg_advisory_xact_lock(hashtext('pinmail:addr:' || $1))`, [MARIA]);
    await verification.query(`INSERT INTO pins (user_id, hash, key_id, expires_at) VALUES ($1, $2, 'k', now() + interval '14 days')`, [
      mariaId,
      "d".repeat(64),
    ]);
    let settled = false;
    const approval = approveRequest(deps, { id: 1, email: "sam@support.test" }, { reference: kase.reference }).finally(() => (settled = true));
    await new Promise((r) => setTimeout(r, 1500));
    const waited = !settled;
    await verification.query("COMMIT");
    await verification.end();
    const r = await approval;
    expect(waited, "approval went ahead while a verification held the address lock").toBe(true);
    expect(r.kind).toBe("ok");
    expect(await livePins()).toBe(1);
    const live = await db.pin.findFirstOrThrow({ where: { userId: mariaId, usedAt: null, revokedAt: null } });
    expect(live.requestId).toBe(kase.id);
  });
});

describe("sealed copies of PIN replies (13.10)", () => {
  const sealedRow = async (o: { template?: string; status?: string; createdAt?: Date; requestId?: number | null; purpose?: string } = {}) =>
    db.outboundMessage.create({
      data: {
        dedupeKey: `seal-${randomBytes(6).toString("hex")}`,
        requestId: o.requestId ?? null,
        purpose: o.purpose ?? "reply",
        template: o.template ?? "pin-issued",
        locale: "en",
        toAddress: MARIA,
        messageId: `<seal.${randomBytes(6).toString("hex")}@pinmail.test>`,
        subject: "Re: PIN Reset",
        headers: {},
        encrypted: new Uint8Array(
          seal(JSON.stringify({ subject: "Re: PIN Reset", text: "PIN: 12345678", html: "<p>PIN: 12345678</p>" }), TEST_SECRETS.pinSecret),
        ),
        maskedText: "PIN: ••••••••",
        maskedHtml: "<p>PIN: ••••••••</p>",
        status: o.status ?? "pending",
        createdAt: o.createdAt,
      },
    });

  it("the sweep removes those past their PIN's expiry and keeps the others", async () => {
    const now = new Date();
    const old = await sealedRow({ createdAt: new Date(now.getTime() - 15 * 86_400_000) });
    const fresh = await sealedRow();
    const kase = await seedCase();
    await db.pin.updateMany({ where: { userId: mariaId, usedAt: null, revokedAt: null }, data: { revokedAt: now } });
    await db.pin.create({
      data: {
        userId: mariaId,
        requestId: kase.id,
        hash: "e".repeat(64),
        keyId: "k",
        issuedAt: new Date(now.getTime() - 3 * 86_400_000),
        expiresAt: new Date(now.getTime() - 1000),
      },
    });
    const expiredPin = await sealedRow({ requestId: kase.id });
    const n = await sweepSealedCopies(prismaQueryable(db), now, 14);
    expect(n).toBeGreaterThanOrEqual(2);
    const encryptedOf = async (id: number) => (await db.outboundMessage.findUniqueOrThrow({ where: { id } })).encrypted;
    expect(await encryptedOf(old.id)).toBeNull();
    expect(await encryptedOf(expiredPin.id)).toBeNull();
    expect(await encryptedOf(fresh.id)).not.toBeNull();
  });

  it("giving up after the retries drops the sealed copy", async () => {
    const row = await sealedRow();
    await giveUp(db, row.id, "451 try again later");
    const after = await db.outboundMessage.findUniqueOrThrow({ where: { id: row.id } });
    expect(after.status).toBe("failed");
    expect(after.encrypted).toBeNull();
  });

  it("staff discarding a failed delivery job drops the sealed copy, whatever the row's status", async () => {
    const row = await sealedRow({ status: "failed" });
    await producers.sendMail([row.id]);
    // A real worker fails the job for good, as a refused delivery would.
    const connection = createRedis(serviceEnv()["REDIS_URL"]!, "worker");
    const worker = new Worker(
      QUEUES.outbox,
      async () => {
        throw new UnrecoverableError("550 refused");
      },
      { connection, prefix: PREFIX },
    );
    try {
      const id = jobIds.sendMail(row.id);
      for (let i = 0; i < 100 && !(await (await producers.queues.outbox.getJob(id))?.isFailed()); i++) await new Promise((r) => setTimeout(r, 50));
      const r = await discardJob({ db, producers }, { id: 1, email: "sam@support.test" }, { queue: QUEUES.outbox, id });
      expect(r.kind).toBe("ok");
    } finally {
      await worker.close();
      connection.disconnect();
    }
    expect((await db.outboundMessage.findUniqueOrThrow({ where: { id: row.id } })).encrypted).toBeNull();
  });

  it("a PIN reply whose sealed copy is gone is never sent with the PIN masked", async () => {
    const row = await sealedRow({ status: "failed" });
    await db.outboundMessage.update({ where: { id: row.id }, data: { encrypted: null } });
    const transport = createTransport({ smtpUrl: `smtp://127.0.0.1:${smtp.port}`, poolSize: 1, dkim: null });
    try {
      await expect(
        deliver({ db, transport, from: "PIN Reset <pinmail@pinmail.test>", envelopeFrom: "pinmail@pinmail.test", secrets: [TEST_SECRETS.pinSecret] }, row.id),
      ).rejects.toBeInstanceOf(PermanentDeliveryError);
    } finally {
      transport.close();
    }
    expect((await db.outboundMessage.findUniqueOrThrow({ where: { id: row.id } })).status).toBe("undeliverable");
    expect((await readCaughtMessages(smtp.dir)).find((r) => r.messageId === row.messageId)).toBeUndefined();
  });
});
