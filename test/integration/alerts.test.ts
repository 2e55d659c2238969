// Alerts against real PostgreSQL, a real SMTP receiver and a real HTTP webhook receiver: one mail
// and one webhook call when an alert opens, none while it stays open, one of each when it clears;
// a failing webhook is retried until it goes through; two processes at once send once; the state
// survives a restart; while PostgreSQL is unreachable the state is kept in memory and written back.
import { createHmac } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { createServer, Socket, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSmtpCatcher, type SmtpCatcher } from "../../scripts/smtp-catcher.js";
import { createAlertSender } from "../../src/alerts/alert-channels.js";
import { AlertEvaluator, type AlertThresholds } from "../../src/alerts/alert-evaluator.js";
import type { MailboxFacts } from "../../src/alerts/conditions.js";
import { createTransport } from "../../src/outbox/transport.js";
import { createLogger } from "../../src/runtime/logger.js";
import { createDb, type Db } from "../../src/store/prisma.js";
import { readCaughtMessages, waitForMessages } from "../harness/mail-sink.js";
import { strongSecret } from "../harness/secrets.js";
import { createTestDb, type TestDb } from "../harness/test-db.js";
import { startWebhookReceiver, type WebhookReceiver } from "../harness/webhook-receiver.js";

let t: TestDb;
let db: Db;
let smtp: SmtpCatcher;
let hook: WebhookReceiver;
const secret = strongSecret();
const logger = createLogger("silent");

const thresholds: AlertThresholds = {
  enabled: true,
  checkIntervalMs: 200,
  mailboxDownAfterMs: 1000,
  syncStaleAfterMs: 0,
  unansweredAfterMs: 0,
  deliveryFailedMin: 0,
  reviewsOverdueMin: 0,
  credentialExpiringWithinMs: 0,
  silenceWindowMs: 0,
  silenceMinExpected: 0,
};

let mailbox: MailboxFacts | null = null;
const down = (since: Date): MailboxFacts => ({ connected: false, authFailing: false, downSince: since, connectedSince: null, lastSyncAt: null });
const up = (): MailboxFacts => ({ connected: true, authFailing: false, downSince: null, connectedSince: new Date(), lastSyncAt: new Date() });

const transports: Array<ReturnType<typeof createTransport>> = [];

function evaluator(database: Db, over: Partial<AlertThresholds> = {}, to = ["support@pinmail.test", "ops@pinmail.test"]) {
  const transport = createTransport({ smtpUrl: `smtp://127.0.0.1:${smtp.port}`, poolSize: 1, dkim: null });
  transports.push(transport);
  const sender = createAlertSender(
    {
      emailTo: to,
      from: "PIN Reset <pinmail@pinmail.test>",
      envelopeFrom: "pinmail@pinmail.test",
      webhookUrl: hook.url,
      webhookSecret: secret,
      dashboardUrl: "https://pinmail.example.org",
    },
    transport,
  );
  return new AlertEvaluator({
    db: database,
    sender,
    thresholds: { ...thresholds, ...over },
    logger,
    facts: { mailbox: async () => mailbox, readerLeaseHeld: async () => true, credentials: async () => [] },
  });
}

const alertMails = async () => (await readCaughtMessages(smtp.dir)).filter((m) => /^\[pinmail\] (ALERT|CLEARED) /.test(m.subject ?? ""));

beforeAll(async () => {
  t = await createTestDb();
  db = createDb(t.url);
  smtp = await startSmtpCatcher({ port: 0, dir: mkdtempSync(join(tmpdir(), "pinmail-alerts-smtp-")), lmtp: false });
  hook = await startWebhookReceiver();
});
afterAll(async () => {
  for (const tr of transports) tr.close();
  await db?.$disconnect();
  await smtp?.close();
  await hook?.close();
  await t?.drop();
});

describe("alerts", () => {
  beforeEach(async () => {
    hook.failing = false;
    hook.calls.length = 0;
    await db.alert.deleteMany({});
    await db.alertCondition.deleteMany({});
  });

  it("mailbox-down: one mail and one signed webhook call on open, nothing while open, one of each on clear", async () => {
    const ev = evaluator(db);
    const t0 = Date.now();
    mailbox = down(new Date(t0));
    expect((await ev.run(new Date(t0 + 500))).opened).toEqual([]);
    expect((await ev.run(new Date(t0 + 1000))).opened).toEqual(["mailbox-down"]);
    for (let i = 2; i < 6; i++) expect(await ev.run(new Date(t0 + i * 1000))).toMatchObject({ opened: [], cleared: [], sent: 0 });
    const [open] = await waitForMessages(smtp.dir, (r) => /^\[pinmail\] ALERT /.test(r.subject ?? ""), { count: 1 });
    expect(open!.subject).toMatch(/^\[pinmail\] ALERT mailbox-down: pinmail cannot reach the mailbox since /);
    expect(open!.to.sort()).toEqual(["ops@pinmail.test", "support@pinmail.test"]);
    expect(open!.parsed.headers.get("auto-submitted")).toBe("auto-generated");
    expect(open!.parsed.text).toContain("Toronto time");
    expect(hook.calls).toHaveLength(1);
    const body = JSON.parse(hook.calls[0]!.body);
    expect(body).toEqual({ text: open!.subject, alert: "mailbox-down", state: "open", since: new Date(t0).toISOString(), until: null });
    expect(hook.calls[0]!.headers["x-pinmail-signature"]).toBe(`sha256=${createHmac("sha256", secret).update(hook.calls[0]!.body).digest("hex")}`);

    mailbox = up();
    expect((await ev.run(new Date(t0 + 6 * 60_000))).cleared).toEqual(["mailbox-down"]);
    await ev.run(new Date(t0 + 6 * 60_000 + 1000));
    const mails = await alertMails();
    expect(mails.map((m) => m.subject)).toEqual([open!.subject, "[pinmail] CLEARED mailbox-down: cleared after 6 min"]);
    expect(hook.calls.map((c) => JSON.parse(c.body).state)).toEqual(["open", "cleared"]);
    expect(JSON.parse(hook.calls[1]!.body).until).toBe(new Date(t0 + 6 * 60_000).toISOString());

    const rows = await db.alert.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ name: "mailbox-down", state: "cleared", outstanding: false, clearedText: "cleared after 6 min" });
    expect((rows[0]!.deliveries as Array<{ status: string }>).map((d) => d.status)).toEqual(["sent", "sent", "sent", "sent"]);
  });

  it("a failing webhook is retried (state in PostgreSQL, across a restart) while the mail goes at once", async () => {
    hook.failing = true;
    const before = (await alertMails()).length;
    const t0 = Date.now();
    mailbox = down(new Date(t0 - 5000));
    const first = evaluator(db);
    expect(await first.run(new Date(t0))).toMatchObject({ opened: ["mailbox-down"], sent: 1, failed: 1 });
    expect((await alertMails()).length).toBe(before + 1);
    // Not before its retry time (base: the check interval, 200 ms)...
    expect(await first.run(new Date(t0 + 100))).toMatchObject({ sent: 0, failed: 0 });
    expect(await first.run(new Date(t0 + 250))).toMatchObject({ sent: 0, failed: 1 });
    // A new process (restart) picks up the pending delivery from PostgreSQL.
    hook.failing = false;
    const second = evaluator(db);
    expect(await second.run(new Date(t0 + 10_000))).toMatchObject({ opened: [], sent: 1, failed: 0 });
    expect(hook.calls.map((c) => c.status)).toEqual([500, 500, 204]);
    expect(new Set(hook.calls.map((c) => c.body)).size).toBe(1);
    mailbox = up();
    await second.run(new Date(t0 + 20_000));
    expect(hook.calls.map((c) => JSON.parse(c.body).state)).toEqual(["open", "open", "open", "cleared"]);
  });

  it("two processes evaluating at once send one alert", async () => {
    const before = (await alertMails()).length;
    const t0 = Date.now();
    mailbox = down(new Date(t0 - 5000));
    const [a, b] = await Promise.all([evaluator(db).run(new Date(t0)), evaluator(db).run(new Date(t0))]);
    expect([...a.opened, ...b.opened]).toEqual(["mailbox-down"]);
    await Promise.all([evaluator(db).run(new Date(t0 + 1000)), evaluator(db).run(new Date(t0 + 1000))]);
    expect((await alertMails()).length).toBe(before + 1);
    expect(await db.alert.count({ where: { state: "open" } })).toBe(1);
    mailbox = up();
    await evaluator(db).run(new Date(t0 + 2000));
    expect(await db.alert.count({ where: { state: "open" } })).toBe(0);
  });

  it("requests-waiting from the ledger: the oldest unanswered request, not those in review", async () => {
    mailbox = up();
    const ev = evaluator(db, { unansweredAfterMs: 15 * 60_000, mailboxDownAfterMs: 0 });
    const now = new Date();
    const row = (n: number, state: string, minutesAgo: number) => ({
      reference: `PM-T-${n}`,
      messageKey: `k${n}`,
      mailbox: "INBOX",
      uidValidity: 1n,
      uid: n,
      sender: `p${n}@x.test`,
      subject: "PIN Reset",
      kind: "reset",
      state,
      rawSource: Buffer.from("x"),
      rawSize: 1,
      receivedAt: new Date(now.getTime() - minutesAgo * 60_000),
    });
    await db.inboundRequest.createMany({ data: [row(1, "review", 60), row(2, "received", 10)] });
    expect((await ev.run(now)).opened).toEqual([]);
    await db.inboundRequest.create({ data: row(3, "processing", 20) });
    const r = await ev.run(now);
    expect(r.opened).toEqual(["requests-waiting"]);
    const mail = (await alertMails()).at(-1)!;
    expect(mail.subject).toBe("[pinmail] ALERT requests-waiting: 2 requests are waiting for a reply; the oldest arrived 20 min ago");
    await db.inboundRequest.updateMany({ where: { reference: { in: ["PM-T-2", "PM-T-3"] } }, data: { state: "answered" } });
    expect((await ev.run(new Date(now.getTime() + 1000))).cleared).toEqual(["requests-waiting"]);
    await db.inboundRequest.deleteMany({});
  });

  it("while PostgreSQL is unreachable the alert still goes out and its state is written back when it returns", async () => {
    // A TCP forwarder in front of the real PostgreSQL, which the test can cut and restore.
    const target = new URL(t.url);
    const sockets = new Set<Socket>();
    let server: Server | null = null;
    const listen = (port: number) =>
      new Promise<number>((resolve) => {
        server = createServer((c) => {
          const s = new Socket();
          s.connect(Number(target.port || 5432), target.hostname);
          c.pipe(s).pipe(c);
          for (const x of [c, s]) {
            sockets.add(x);
            x.on("error", () => undefined);
            x.on("close", () => sockets.delete(x));
          }
        });
        server.listen(port, "127.0.0.1", () => resolve((server!.address() as { port: number }).port));
      });
    const cut = () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server!.close(() => resolve());
      });
    const port = await listen(0);
    const via = new URL(t.url);
    via.hostname = "127.0.0.1";
    via.port = String(port);
    const flaky = createDb(via.toString(), { poolSize: 2 });
    try {
      const ev = evaluator(flaky);
      const before = (await alertMails()).length;
      await cut();
      const t0 = Date.now();
      mailbox = down(new Date(t0 - 5000));
      expect(await ev.run(new Date(t0))).toMatchObject({ stored: "memory", opened: ["mailbox-down"], sent: 2 });
      expect(await ev.run(new Date(t0 + 1000))).toMatchObject({ stored: "memory", opened: [], sent: 0 });
      expect(ev.openAlerts()).toEqual(["mailbox-down"]);
      await listen(port);
      expect(await ev.run(new Date(t0 + 2000))).toMatchObject({ stored: "postgres", opened: [], sent: 0 });
      const open = await db.alert.findMany({ where: { state: "open" } });
      expect(open.map((a) => a.name)).toEqual(["mailbox-down"]);
      expect((open[0]!.deliveries as Array<{ status: string }>).map((d) => d.status)).toEqual(["sent", "sent"]);
      expect((await alertMails()).length).toBe(before + 1);
      mailbox = up();
      expect((await ev.run(new Date(t0 + 3000))).cleared).toEqual(["mailbox-down"]);
    } finally {
      await flaky.$disconnect();
      await cut().catch(() => undefined);
    }
  });

  it("delivery-failed, reviews-overdue (daily, digest only), credential-expiring (daily) and unusual-silence read from the ledger", async () => {
    mailbox = up();
    let credentials: Array<{ what: string; expiresAt: Date }> = [];
    const transport = createTransport({ smtpUrl: `smtp://127.0.0.1:${smtp.port}`, poolSize: 1, dkim: null });
    transports.push(transport);
    const sender = createAlertSender(
      {
        emailTo: ["support@pinmail.test"],
        from: "pinmail@pinmail.test",
        envelopeFrom: "pinmail@pinmail.test",
        webhookUrl: null,
        webhookSecret: null,
        dashboardUrl: null,
      },
      transport,
    );
    const ev = new AlertEvaluator({
      db,
      sender,
      logger,
      thresholds: {
        ...thresholds,
        mailboxDownAfterMs: 0,
        deliveryFailedMin: 1,
        reviewsOverdueMin: 1,
        credentialExpiringWithinMs: 30 * 86_400_000,
        silenceWindowMs: 7_200_000,
        silenceMinExpected: 3,
      },
      facts: { mailbox: async () => mailbox, readerLeaseHeld: async () => true, credentials: async () => credentials },
    });
    // Tuesday 2026-12-08 11:00 Toronto; three requests in 09:00-11:00 on each of the four Tuesdays before, none today.
    const now = new Date("2026-12-08T16:00:00Z");
    let n = 100;
    const request = (receivedAt: Date, extra: Record<string, unknown> = {}) => ({
      reference: `PM-S-${++n}`,
      messageKey: `s${n}`,
      mailbox: "INBOX",
      uidValidity: 1n,
      uid: n,
      sender: `s${n}@x.test`,
      subject: "PIN Reset",
      kind: "reset",
      state: "answered",
      rawSource: Buffer.from("x"),
      rawSize: 1,
      receivedAt,
      ...extra,
    });
    const weeks = [1, 2, 3, 4].flatMap((w) => [0, 30, 60].map((m) => request(new Date(now.getTime() - w * 7 * 86_400_000 - (100 - m) * 60_000))));
    await db.inboundRequest.createMany({
      data: [...weeks, request(new Date("2026-12-01T20:00:00Z"), { state: "review", dueAt: new Date("2026-12-04T22:00:00Z") })],
    });
    const review = await db.inboundRequest.findFirstOrThrow({ where: { state: "review" } });
    await db.outboundMessage.create({
      data: {
        dedupeKey: "f:1",
        requestId: review.id,
        purpose: "reply",
        template: "x",
        locale: "en",
        toAddress: "s@x.test",
        messageId: "<f1@pinmail.test>",
        subject: "Re",
        headers: {},
        maskedText: "x",
        maskedHtml: "x",
        status: "undeliverable",
        updatedAt: new Date(now.getTime() - 10 * 60_000),
      },
    });
    credentials = [{ what: "client secret", expiresAt: new Date("2026-12-20T00:00:00Z") }];
    const r = await ev.run(now);
    expect(r.opened.sort()).toEqual(["credential-expiring", "delivery-failed", "reviews-overdue", "unusual-silence"]);
    const rows = await db.alert.findMany({ where: { state: "open" } });
    const text = Object.fromEntries(rows.map((a) => [a.name, a.text]));
    expect(text["delivery-failed"]).toBe("1 reply could not be delivered in the last hour");
    expect(text["reviews-overdue"]).toBe("1 review case is past its due date");
    expect(text["credential-expiring"]).toMatch(/^the client secret expires on 2026-12-20/);
    expect(text["unusual-silence"]).toMatch(/^no request at all since Dec 8, 09:00 Toronto time; the same window had 3, 3, 3, 3 requests/);
    // reviews-overdue goes in the digest, not by mail.
    expect((rows.find((a) => a.name === "reviews-overdue")!.deliveries as unknown[]).length).toBe(0);
    const subjects = (await alertMails()).map((m) => m.subject);
    expect(subjects.filter((s) => s?.startsWith("[pinmail] ALERT reviews-overdue"))).toEqual([]);

    // A request arrives: silence clears. The daily ones are not looked at again the same day.
    await db.inboundRequest.create({ data: request(new Date(now.getTime() + 60_000)) });
    credentials = [];
    await db.inboundRequest.update({ where: { id: review.id }, data: { state: "answered" } });
    const later = await ev.run(new Date(now.getTime() + 2 * 60_000));
    expect(later.cleared).toEqual(["unusual-silence"]);
    // Next morning after 08:00 the daily conditions are checked again and clear.
    const tomorrow = await ev.run(new Date("2026-12-09T13:30:00Z"));
    // ... and the failed delivery is more than an hour old by then.
    expect(tomorrow.cleared.sort()).toEqual(["credential-expiring", "delivery-failed", "reviews-overdue"]);
    expect(await db.alert.count({ where: { state: "open" } })).toBe(0);
    await db.outboundMessage.deleteMany({});
    await db.inboundRequest.deleteMany({});
  });
});
