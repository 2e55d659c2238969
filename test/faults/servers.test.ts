// Server outages mid-stream, on private instances (scripts/private-services.ts): Redis restart
// (with its data, and coming back EMPTY), PostgreSQL restart, Dovecot restart. Meanwhile /readyz
// answers 503 within seconds; afterwards every request (also those that arrived during the
// outage) is answered exactly once. And a Redis that may evict keys is refused at start.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import pg from "pg";
import { ImapFlow } from "imapflow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  startPrivateDovecot,
  startPrivatePostgres,
  startPrivateRedis,
  type PrivateDovecot,
  type PrivatePostgres,
  type PrivateRedis,
} from "../../scripts/private-services.js";
import { startSmtpCatcher, type SmtpCatcher } from "../../scripts/smtp-catcher.js";
import { loadRoleConfig, startService, type Service } from "../../src/main.js";
import { createLogger } from "../../src/runtime/logger.js";
import { importRecords } from "../../src/store/import-records.js";
import { migrate } from "../../src/store/migrate.js";
import { createDb, type Db } from "../../src/store/prisma.js";
import { validateRecords } from "../../src/store/records-file.js";
import { buildMail } from "../harness/mail.js";
import { readCaughtMessages } from "../harness/mail-sink.js";
import { strongSecret } from "../harness/secrets.js";

const people = Array.from({ length: 120 }, (_, i) => ({
  firstName: ["Aline", "Bastien", "Coralie", "Didier", "Eve", "Fanny"][i % 6]!,
  lastName: [
    "Lemieux",
    "Bernier",
    "Caron",
    "Dion",
    "Giroux",
    "Hamel",
    "Jolicoeur",
    "Labelle",
    "Nadeau",
    "Ouimet",
    "Picard",
    "Rioux",
    "Sauve",
    "Trudel",
    "Vezina",
    "Allard",
    "Beaulieu",
    "Chabot",
    "Drouin",
    "Forget",
  ][Math.floor(i / 6)]!,
  email: `s${i}@outage.test`,
}));

let pgs: PrivatePostgres;
let redis: PrivateRedis;
let dovecot: PrivateDovecot;
let smtp: SmtpCatcher;
let db: Db;
let service: Service;
let env: Record<string, string>;
let smtpRefusing = false;

beforeAll(async () => {
  [pgs, redis, dovecot] = await Promise.all([startPrivatePostgres(), startPrivateRedis({ persist: true }), startPrivateDovecot()]);
  const admin = new pg.Client({ connectionString: pgs.url("postgres") });
  await admin.connect();
  await admin.query("CREATE DATABASE pinmail");
  await admin.end();
  await migrate(pgs.url("pinmail"));
  db = createDb(pgs.url("pinmail"));
  const v = validateRecords({
    organizations: [
      {
        ref: "outage-org",
        name: "Outage Ltd.",
        branches: [],
        users: [
          { role: "primary", firstName: "Olga", lastName: "Primary", email: "olga@outage.test", lastSignInAt: new Date().toISOString() },
          ...people.map((p) => ({ role: "secondary", ...p, lastSignInAt: null })),
        ],
      },
    ],
  });
  if (!v.ok) throw new Error(JSON.stringify(v.problems));
  await importRecords(db, v.records);
  smtp = await startSmtpCatcher({
    port: 0,
    dir: mkdtempSync(join(tmpdir(), "pinmail-outage-smtp-")),
    lmtp: false,
    hooks: {
      onRcptTo: () => {
        if (smtpRefusing) throw Object.assign(new Error("4.3.2 try again later"), { responseCode: 451 });
      },
    },
  });
  env = {
    DATABASE_URL: pgs.url("pinmail"),
    REDIS_URL: redis.url,
    QUEUE_PREFIX: "pmfault",
    IMAP_HOST: "127.0.0.1",
    IMAP_PORT: String(dovecot.port),
    IMAP_SECURE: "false",
    IMAP_USER: "test-fault",
    IMAP_PASSWORD: "test",
    IMAP_IDLE_DELAY_MS: "100",
    IMAP_SWEEP_SECONDS: "2",
    IMAP_RECONNECT_MIN_MS: "200",
    IMAP_RECONNECT_MAX_MS: "2000",
    SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
    SMTP_RETRY_BASE_MS: "200",
    MAIL_FROM: "PIN Reset <pinmail@pinmail.test>",
    PIN_SECRET: strongSecret(),
    ENROLLMENT_API_TOKEN: strongSecret(),
    WEB_HOST: "127.0.0.1",
    WEB_PORT: "0",
    JOB_LOCK_MS: "2000",
    JOB_STALLED_INTERVAL_MS: "1000",
    READER_LEASE_MS: "2000",
    RECONCILE_INTERVAL_MS: "1000",
    REMINDERS_ENABLED: "false",
    LOG_LEVEL: "silent",
  };
  service = await startService("start", loadRoleConfig("start", env), { logger: createLogger("silent") });
  await waitReady(200, 20_000);
});
afterAll(async () => {
  await service?.stop().catch(() => undefined);
  await db?.$disconnect().catch(() => undefined);
  await smtp?.close();
  await Promise.all([pgs?.destroy(), redis?.destroy(), dovecot?.destroy()]);
});

async function readyz(): Promise<{ status: number; failing: string[] }> {
  try {
    const r = await fetch(`${service.url}/readyz`, { signal: AbortSignal.timeout(2000) });
    const body = (await r.json()) as { failing?: string[] };
    return { status: r.status, failing: body.failing ?? [] };
  } catch {
    return { status: 0, failing: ["web"] };
  }
}

async function waitReady(status: 200 | 503, timeoutMs: number): Promise<{ ms: number; failing: string[] }> {
  const t0 = Date.now();
  for (;;) {
    const r = await readyz();
    if (r.status === status) return { ms: Date.now() - t0, failing: r.failing };
    if (Date.now() - t0 > timeoutMs) throw new Error(`/readyz still ${r.status} (${r.failing.join(",")}) after ${timeoutMs} ms; wanted ${status}`);
    await new Promise((res) => setTimeout(res, 100));
  }
}

let next = 0;
async function send(k: number): Promise<string[]> {
  const c = new ImapFlow({
    host: "127.0.0.1",
    port: dovecot.port,
    secure: false,
    auth: { user: "test-fault", pass: "test" },
    logger: false,
    doSTARTTLS: false,
  } as ConstructorParameters<typeof ImapFlow>[0]);
  await c.connect();
  const ids: string[] = [];
  try {
    for (let i = 0; i < k; i++) {
      const p = people[next++]!;
      const m = buildMail({
        from: `${p.firstName} ${p.lastName} <${p.email}>`,
        subject: "PIN Reset",
        body: `First name: ${p.firstName}\nLast name: ${p.lastName}`,
      });
      await c.append("INBOX", m.raw);
      ids.push(m.messageId!);
    }
  } finally {
    await c.logout();
  }
  return ids;
}

/** Waits until every request is answered; returns lost/duplicate counts from what SMTP received. */
async function settle(ids: string[], timeoutMs = 90_000) {
  const t0 = Date.now();
  for (;;) {
    const rows = await db.inboundRequest.findMany({ where: { messageKey: { in: ids } }, include: { outbound: true } });
    const done = rows.filter((r) => r.state === "answered" && r.outbound.every((o) => o.status === "sent"));
    if (done.length === ids.length) {
      const caught = await readCaughtMessages(smtp.dir);
      let duplicates = 0;
      let differentIds = 0;
      for (const r of rows) {
        const copies = caught.filter((c) => c.to.includes(r.sender));
        duplicates += Math.max(0, copies.length - 1);
        if (new Set(copies.map((c) => c.messageId)).size !== 1) differentIds++;
        if (r.outbound.length !== 1) differentIds++;
      }
      return { ms: Date.now() - t0, requests: ids.length, rows: rows.length, duplicates, differentIds, lost: 0 };
    }
    if (Date.now() - t0 > timeoutMs) {
      const states = rows.reduce<Record<string, number>>((a, r) => ((a[r.state] = (a[r.state] ?? 0) + 1), a), {});
      throw new Error(`${done.length} of ${ids.length} answered after ${timeoutMs} ms; rows ${rows.length} ${JSON.stringify(states)}`);
    }
    await new Promise((res) => setTimeout(res, 200));
  }
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("server outages mid-stream", () => {
  it("Redis restart (data kept): unready meanwhile, everything answered once afterwards", async () => {
    const first = await send(10);
    await redis.stop();
    const down = await waitReady(503, 10_000);
    const during = await send(10);
    await pause(3000);
    await redis.start();
    const up = await waitReady(200, 30_000);
    const r = await settle([...first, ...during]);
    console.log(`[outage] Redis restart: /readyz 503 after ${down.ms} ms (${down.failing}), ready again ${up.ms} ms after restart; ${JSON.stringify(r)}`);
    expect(down.failing).toContain("redis");
    expect(r.differentIds).toBe(0);
  });

  it("Redis comes back EMPTY: the jobs are re-created from PostgreSQL", async () => {
    // Replies held back (SMTP 451), so their delivery jobs sit in Redis waiting for a retry...
    smtpRefusing = true;
    const ids = await send(20);
    for (let t = 0; t < 200 && (await db.outboundMessage.count({ where: { status: "pending", request: { messageKey: { in: ids } } } })) < ids.length; t++)
      await pause(100);
    const pending = await db.outboundMessage.count({ where: { status: "pending", request: { messageKey: { in: ids } } } });
    // ...when Redis restarts with nothing: those jobs are gone.
    await redis.stop();
    rmSync(join(redis.dir, "appendonlydir"), { recursive: true, force: true });
    rmSync(join(redis.dir, "dump.rdb"), { force: true });
    await redis.start();
    smtpRefusing = false;
    const r = await settle(ids);
    console.log(`[outage] Redis emptied with ${pending} of ${ids.length} replies waiting in its queue: ${JSON.stringify(r)}`);
    expect(pending).toBe(ids.length);
    expect(r.differentIds).toBe(0);
  });

  it("PostgreSQL restart: unready meanwhile, mail that arrived during the outage is answered", async () => {
    const first = await send(10);
    await pgs.stop();
    const down = await waitReady(503, 10_000);
    const during = await send(10);
    await pause(3000);
    await pgs.start();
    const up = await waitReady(200, 30_000);
    const r = await settle([...first, ...during]);
    console.log(`[outage] PostgreSQL restart: /readyz 503 after ${down.ms} ms (${down.failing}), ready again ${up.ms} ms after restart; ${JSON.stringify(r)}`);
    expect(down.failing).toContain("postgres");
    expect(r.differentIds).toBe(0);
  });

  it("Dovecot restart: the reader reconnects with backoff and answers what arrived", async () => {
    const first = await send(5);
    await dovecot.stop();
    const down = await waitReady(503, 10_000);
    await pause(2000);
    await dovecot.start();
    const during = await send(10); // before pinmail has reconnected
    const up = await waitReady(200, 30_000);
    const r = await settle([...first, ...during]);
    console.log(
      `[outage] Dovecot restart: /readyz 503 after ${down.ms} ms (${down.failing}), ready again ${up.ms} ms after restart; reconnects ${service.reader?.status.reconnects}; ${JSON.stringify(r)}`,
    );
    expect(down.failing).toContain("imap");
    expect(r.differentIds).toBe(0);
  });
});

describe("Redis misconfigured", () => {
  it("refuses to start when Redis may evict keys, and says why", async () => {
    const lru = await startPrivateRedis({ policy: "allkeys-lru" });
    try {
      const err = await startService("worker", loadRoleConfig("worker", { ...env, REDIS_URL: lru.url, QUEUE_PREFIX: "pmlru" }), {
        logger: createLogger("silent"),
      }).then(
        async (s) => {
          await s.stop();
          return null;
        },
        (e: Error) => e,
      );
      console.log(`[misconfig] allkeys-lru: ${err?.name}: ${err?.message}`);
      expect(err?.name).toBe("RedisMisconfiguredError");
      expect(err?.message).toMatch(/allkeys-lru.*noeviction/s);
    } finally {
      await lru.destroy();
    }
  });
});
