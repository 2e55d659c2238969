// Alerts while Redis is down (issue 18): with no Redis there is no job scheduler, so each process
// runs its own checks (the PostgreSQL advisory lock lets one through at a time) and sends the
// alert by SMTP itself, not through the outbox queue. A private Redis (persisted) is stopped; a
// request is left unanswered in the ledger meanwhile; exactly one requests-waiting alert mail goes
// out; Redis back: the request is answered and exactly one cleared mail follows.
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPrivateRedis, type PrivateRedis } from "../../scripts/private-services.js";
import { startSmtpCatcher, type SmtpCatcher } from "../../scripts/smtp-catcher.js";
import type { Service } from "../../src/main.js";
import { createDb, type Db } from "../../src/store/prisma.js";
import { buildMail } from "../harness/mail.js";
import { readCaughtMessages } from "../harness/mail-sink.js";
import { serviceEnv } from "../harness/service-env.js";
import { createTestDb, type TestDb } from "../harness/test-db.js";
import { alertEnv, importAlertOrg, startAlertService, until } from "./alert-service.js";

const UNANSWERED_AFTER_MS = 3000;
const CHECK_MS = 1000;

let t: TestDb;
let db: Db;
let redis: PrivateRedis;
let smtp: SmtpCatcher;
let service: Service;

beforeAll(async () => {
  [t, redis] = await Promise.all([createTestDb(), startPrivateRedis({ persist: true })]);
  db = createDb(t.url);
  await importAlertOrg(db, { ref: "r-org", name: "Redis Ltd.", domain: "redis.test", secondary: { firstName: "Kim", lastName: "Second" } });
  smtp = await startSmtpCatcher({ port: 0, dir: mkdtempSync(join(tmpdir(), "pinmail-alert-redis-")), lmtp: false });
  const svc = serviceEnv();
  const env = {
    ...alertEnv({ databaseUrl: t.url, smtpPort: smtp.port, checkMs: CHECK_MS, unansweredAfterMs: UNANSWERED_AFTER_MS }),
    REDIS_URL: redis.url,
    QUEUE_PREFIX: `pmar${randomBytes(3).toString("hex")}`,
    IMAP_HOST: svc["IMAP_HOST"]!,
    IMAP_PORT: svc["IMAP_PORT"]!,
    IMAP_SECURE: svc["IMAP_SECURE"]!,
    IMAP_USER: svc["IMAP_USER"]!,
    IMAP_PASSWORD: svc["IMAP_PASSWORD"]!,
    IMAP_MAILBOX: `Tests/alerts-redis-${randomBytes(3).toString("hex")}`,
    READER_LEASE_MS: "2000",
    JOB_LOCK_MS: "2000",
    JOB_STALLED_INTERVAL_MS: "1000",
    // Without Redis the mailbox's and the workers' state cannot be read: those stay as they are.
    ALERT_MAILBOX_DOWN_AFTER: "10m",
  };
  // The mailbox folder must exist before the reader opens it.
  const { ImapFlow } = await import("imapflow");
  const c = new ImapFlow({
    host: env.IMAP_HOST,
    port: Number(env.IMAP_PORT),
    secure: env.IMAP_SECURE === "true",
    auth: { user: env.IMAP_USER, pass: env.IMAP_PASSWORD },
    logger: false,
    doSTARTTLS: false,
  } as ConstructorParameters<typeof ImapFlow>[0]);
  await c.connect();
  await c.mailboxCreate(env.IMAP_MAILBOX).catch(() => undefined);
  await c.logout();
  service = await startAlertService(env);
});
afterAll(async () => {
  await service?.stop().catch(() => undefined);
  await db?.$disconnect().catch(() => undefined);
  await smtp?.close();
  await redis?.destroy();
  await t?.drop();
});

const alertMails = async () => (await readCaughtMessages(smtp.dir)).filter((m) => /^\[pinmail\] (ALERT|CLEARED) /.test(m.subject ?? ""));

describe("alerts while Redis is down", () => {
  it("a request left unanswered is alerted once by direct SMTP; Redis back: answered, one cleared mail", async () => {
    await redis.stop();
    await until(async () => service.health.failing().includes("redis"), 10_000, "/readyz to see Redis down");
    // A request as intake leaves it, whose job could not be queued (Redis is down).
    const mail = buildMail({ from: "Kim Second <kim@redis.test>", subject: "PIN Reset", body: "First name: Kim\nLast name: Second" });
    const raw = Buffer.from(mail.raw);
    const stored = Date.now();
    await db.inboundRequest.create({
      data: {
        reference: "PM-261206-REDIS",
        messageKey: mail.messageId!,
        messageId: mail.messageId!,
        mailbox: "INBOX",
        uidValidity: 1n,
        uid: 1,
        sender: "kim@redis.test",
        senderName: "Kim Second",
        subject: "PIN Reset",
        kind: "reset",
        state: "received",
        rawSource: new Uint8Array(raw),
        rawSize: raw.length,
      },
    });
    const tookMs = await until(async () => (await alertMails()).length > 0, UNANSWERED_AFTER_MS + 4 * CHECK_MS + 10_000, "the alert mail while Redis is down");
    console.log(
      `requests-waiting with Redis down: alert mail ${tookMs} ms after the request was stored (threshold ${UNANSWERED_AFTER_MS} ms, local checks after 2 intervals without Redis)`,
    );
    await new Promise((r) => setTimeout(r, 3 * CHECK_MS));
    const during = await alertMails();
    expect(during.map((m) => m.subject)).toEqual([expect.stringMatching(/^\[pinmail\] ALERT requests-waiting: 1 request is waiting for a reply/)]);
    expect(Date.now() - stored).toBeGreaterThanOrEqual(UNANSWERED_AFTER_MS);

    await redis.start();
    await until(async () => (await readCaughtMessages(smtp.dir)).some((m) => m.to.includes("kim@redis.test")), 60_000, "the reply once Redis is back");
    await until(async () => (await alertMails()).length === 2, 30_000, "the cleared mail");
    await new Promise((r) => setTimeout(r, 3 * CHECK_MS));
    expect((await alertMails()).map((m) => m.subject!.replace(/: .*/, ""))).toEqual(["[pinmail] ALERT requests-waiting", "[pinmail] CLEARED requests-waiting"]);
  });
});
