// Alerts end to end with real servers (issue 18): a whole pinmail with short thresholds, a private
// Dovecot the test stops and starts, a private SMTP receiver and a webhook receiver.
//   - Dovecot stopped → exactly one ALERT mailbox-down mail within the threshold (+ check interval
//     and reconnect slack); started → exactly one CLEARED mail.
//   - The webhook receiver fails meanwhile → the mail still goes; the webhook is retried and, once
//     the receiver answers, gets the alert once (and the clear once): retried, not lost.
//   - Verification stopped (the requests queue paused, as when no verification worker runs) → one
//     ALERT requests-waiting; resumed → the reply goes and one CLEARED requests-waiting.
// Shared PostgreSQL and Redis are only used (own database, own queue prefix), never stopped.
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ImapFlow } from "imapflow";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startPrivateDovecot, type PrivateDovecot } from "../../scripts/private-services.js";
import { startSmtpCatcher, type SmtpCatcher } from "../../scripts/smtp-catcher.js";
import type { Service } from "../../src/main.js";
import { createDb, type Db } from "../../src/store/prisma.js";
import { buildMail } from "../harness/mail.js";
import { readCaughtMessages, type CaughtMessageRecord } from "../harness/mail-sink.js";
import { TEST_SECRETS } from "../harness/secrets.js";
import { serviceEnv } from "../harness/service-env.js";
import { createTestDb, type TestDb } from "../harness/test-db.js";
import { startWebhookReceiver, type WebhookReceiver } from "../harness/webhook-receiver.js";
import { alertEnv, importAlertOrg, startAlertService, until } from "./alert-service.js";

const DOWN_AFTER_MS = 4000;
const UNANSWERED_AFTER_MS = 4000;
const CHECK_MS = 1000;

let t: TestDb;
let db: Db;
let dovecot: PrivateDovecot;
let smtp: SmtpCatcher;
let hook: WebhookReceiver;
let service: Service;

beforeAll(async () => {
  [t, dovecot] = await Promise.all([createTestDb(), startPrivateDovecot()]);
  db = createDb(t.url);
  await importAlertOrg(db, { ref: "alert-org", name: "Alert Ltd.", domain: "alert.test", secondary: { firstName: "Robin", lastName: "Second" } });
  smtp = await startSmtpCatcher({ port: 0, dir: mkdtempSync(join(tmpdir(), "pinmail-alert-faults-")), lmtp: false });
  hook = await startWebhookReceiver();
  const env = {
    ...alertEnv({ databaseUrl: t.url, smtpPort: smtp.port, checkMs: CHECK_MS, unansweredAfterMs: UNANSWERED_AFTER_MS }),
    REDIS_URL: serviceEnv()["REDIS_URL"]!,
    QUEUE_PREFIX: `pmalert${randomBytes(3).toString("hex")}`,
    IMAP_HOST: "127.0.0.1",
    IMAP_PORT: String(dovecot.port),
    IMAP_SECURE: "false",
    IMAP_USER: "test-alerts",
    IMAP_PASSWORD: "test",
    IMAP_IDLE_DELAY_MS: "100",
    IMAP_RECONNECT_MIN_MS: "200",
    IMAP_RECONNECT_MAX_MS: "1000",
    READER_LEASE_MS: "3000",
    ALERT_MAILBOX_DOWN_AFTER: `${DOWN_AFTER_MS / 1000}s`,
    ALERT_SYNC_STALE_AFTER: "10m",
    ALERT_WEBHOOK_URL: hook.url,
    ALERT_WEBHOOK_SECRET: TEST_SECRETS.previousPinSecret,
  };
  service = await startAlertService(env);
  await until(async () => service.reader?.isUp() === true, 20_000, "the mailbox reader to connect");
});
afterAll(async () => {
  await service?.stop().catch(() => undefined);
  await db?.$disconnect().catch(() => undefined);
  await smtp?.close();
  await hook?.close();
  await dovecot?.destroy();
  await t?.drop();
});

const alertMails = async (name: string): Promise<CaughtMessageRecord[]> =>
  (await readCaughtMessages(smtp.dir)).filter((m) => new RegExp(`^\\[pinmail\\] (ALERT|CLEARED) ${name}:`).test(m.subject ?? ""));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// A failed assertion while Dovecot is stopped must not leave the next test without a mailbox.
let dovecotStopped = false;
afterEach(async () => {
  if (dovecotStopped) await dovecot.start();
  dovecotStopped = false;
});

describe("alerts with real servers", () => {
  it("Dovecot stopped: one alert mail within the threshold, the failing webhook retried until it takes it; started: one cleared mail", async () => {
    hook.failing = true;
    const stoppedAt = Date.now();
    await dovecot.stop();
    dovecotStopped = true;
    const tookMs = await until(async () => (await alertMails("mailbox-down")).length > 0, DOWN_AFTER_MS + 20_000, "the mailbox-down alert mail");
    console.log(`mailbox-down: alert mail ${tookMs} ms after Dovecot stopped (threshold ${DOWN_AFTER_MS} ms, checks every ${CHECK_MS} ms)`);
    expect(Date.now() - stoppedAt).toBeGreaterThanOrEqual(DOWN_AFTER_MS);
    // Within a few checks of the threshold; the margin is wide because a shared 2-core CI machine
    // can stall a check by seconds (the figure above is the measurement).
    expect(tookMs).toBeLessThanOrEqual(DOWN_AFTER_MS + 15_000);
    const [open] = await alertMails("mailbox-down");
    expect(open!.subject).toMatch(/^\[pinmail\] ALERT mailbox-down: pinmail cannot reach the mailbox since /);
    expect(open!.to).toEqual(["support@pinmail.test"]);

    // The webhook was tried and keeps being retried while it fails; the mail did not wait for it.
    await until(async () => hook.calls.length >= 2, 10_000, "a webhook retry");
    expect(hook.calls.every((c) => c.status === 500)).toBe(true);
    hook.failing = false;
    await until(async () => hook.calls.some((c) => c.status === 204), 60_000, "the webhook to go through");
    await sleep(3 * CHECK_MS);
    const delivered = hook.calls.filter((c) => c.status === 204).map((c) => JSON.parse(c.body) as { alert: string; state: string });
    expect(delivered).toEqual([expect.objectContaining({ alert: "mailbox-down", state: "open" })]);
    expect((await alertMails("mailbox-down")).length).toBe(1);

    await dovecot.start();
    dovecotStopped = false;
    const clearMs = await until(async () => (await alertMails("mailbox-down")).length === 2, 30_000, "the cleared mail");
    console.log(`mailbox-down: cleared mail ${clearMs} ms after Dovecot started`);
    await until(async () => hook.calls.some((c) => c.status === 204 && JSON.parse(c.body).state === "cleared"), 10_000, "the cleared webhook call");
    await sleep(3 * CHECK_MS);
    const mails = await alertMails("mailbox-down");
    expect(mails.map((m) => m.subject!.replace(/: .*/, ""))).toEqual(["[pinmail] ALERT mailbox-down", "[pinmail] CLEARED mailbox-down"]);
    expect(mails[1]!.subject).toMatch(/^\[pinmail\] CLEARED mailbox-down: cleared after \d+ s$/);
    expect(hook.calls.filter((c) => c.status === 204).map((c) => JSON.parse(c.body).state)).toEqual(["open", "cleared"]);
    // Nothing else opened meanwhile (no-workers, requests-waiting, ...).
    expect((await readCaughtMessages(smtp.dir)).filter((m) => /^\[pinmail\] ALERT /.test(m.subject ?? "")).length).toBe(1);
  });

  it("verification stopped: one requests-waiting alert; resumed: the reply goes and one cleared mail", async () => {
    await until(async () => service.reader?.isUp() === true, 20_000, "the reader to reconnect");
    const requests = service.producers.queues.requests;
    await requests.pause();
    const c = new ImapFlow({
      host: "127.0.0.1",
      port: dovecot.port,
      secure: false,
      auth: { user: "test-alerts", pass: "test" },
      logger: false,
      doSTARTTLS: false,
    } as ConstructorParameters<typeof ImapFlow>[0]);
    await c.connect();
    const mail = buildMail({ from: "Robin Second <robin@alert.test>", subject: "PIN Reset", body: "First name: Robin\nLast name: Second" });
    const appendedAt = Date.now();
    try {
      await c.append("INBOX", mail.raw);
    } finally {
      await c.logout();
    }
    const tookMs = await until(async () => (await alertMails("requests-waiting")).length > 0, UNANSWERED_AFTER_MS + 15_000, "the requests-waiting alert");
    console.log(`requests-waiting: alert mail ${tookMs} ms after the request was appended (threshold ${UNANSWERED_AFTER_MS} ms)`);
    // A request's age counts from its arrival in the mailbox (IMAP INTERNALDATE, whole seconds).
    expect(Date.now() - appendedAt).toBeGreaterThanOrEqual(UNANSWERED_AFTER_MS - 1000);
    await sleep(3 * CHECK_MS);
    const [alert] = await alertMails("requests-waiting");
    expect(alert!.subject).toMatch(/^\[pinmail\] ALERT requests-waiting: 1 request is waiting for a reply; the oldest arrived \d+ s ago$/);
    expect((await alertMails("requests-waiting")).length).toBe(1);
    expect((await readCaughtMessages(smtp.dir)).filter((m) => m.to.includes("robin@alert.test"))).toEqual([]);

    await requests.resume();
    await until(async () => (await readCaughtMessages(smtp.dir)).some((m) => m.to.includes("robin@alert.test")), 30_000, "the reply");
    await until(async () => (await alertMails("requests-waiting")).length === 2, 30_000, "the cleared mail");
    await sleep(3 * CHECK_MS);
    expect((await alertMails("requests-waiting")).map((m) => m.subject!.replace(/: .*/, ""))).toEqual([
      "[pinmail] ALERT requests-waiting",
      "[pinmail] CLEARED requests-waiting",
    ]);
    const rows = await db.alert.findMany({ orderBy: { id: "asc" } });
    expect(rows.map((r) => [r.name, r.state])).toEqual([
      ["mailbox-down", "cleared"],
      ["requests-waiting", "cleared"],
    ]);
  });
});
