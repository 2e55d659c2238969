// The alert-check job scheduler on real Redis and PostgreSQL: two processes start the alerts on
// the same queue prefix and one check runs per interval (not one per process); with no process
// holding the mailbox reader lease, no-workers opens once; the start-up log says when neither
// ALERT_EMAIL_TO nor ALERT_WEBHOOK_URL is set.
import { randomBytes } from "node:crypto";
import { Writable } from "node:stream";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAlerts, type AlertConfig, type Alerts } from "../../src/alerts/start-alerts.js";
import { createRedis } from "../../src/jobs/connection.js";
import { createLogger } from "../../src/runtime/logger.js";
import { createMetrics } from "../../src/runtime/metrics.js";
import { createDb, type Db } from "../../src/store/prisma.js";
import { serviceEnv } from "../harness/service-env.js";
import { createTestDb, type TestDb } from "../harness/test-db.js";

let t: TestDb;
let db: Db;
const redises: Redis[] = [];
const started: Alerts[] = [];
const lines: string[] = [];
const prefix = `pmsched${randomBytes(3).toString("hex")}`;

const config: AlertConfig = {
  ALERTS_ENABLED: true,
  ALERT_CHECK_INTERVAL: 500,
  ALERT_EMAIL_TO: [],
  ALERT_MAILBOX_DOWN_AFTER: 1000,
  ALERT_SYNC_STALE_AFTER: 0,
  ALERT_UNANSWERED_AFTER: 0,
  ALERT_DELIVERY_FAILED_COUNT: 0,
  ALERT_REVIEWS_OVERDUE_COUNT: 0,
  ALERT_CREDENTIAL_EXPIRING_WITHIN: 0,
  ALERT_SILENCE_WINDOW: 0,
  ALERT_SILENCE_MIN_EXPECTED: 3,
  DIGEST_EMAIL_TO: [],
  DIGEST_ENABLED: true,
  STAFF_LOCALE: "en",
};

async function start(rescheduleEveryMs?: number): Promise<Alerts> {
  const url = serviceEnv()["REDIS_URL"]!;
  const [connection, redis] = [createRedis(url, "worker"), createRedis(url, "producer")];
  redises.push(connection, redis);
  const logger = createLogger("info", new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) }));
  const a = await startAlerts({
    config,
    db,
    connection,
    redis,
    prefix,
    logger,
    registry: createMetrics().registry,
    transport: null,
    from: "pinmail@pinmail.test",
    envelopeFrom: "pinmail@pinmail.test",
    dashboardUrl: null,
    redisUp: () => true,
    rescheduleEveryMs,
  });
  started.push(a);
  return a;
}

beforeAll(async () => {
  t = await createTestDb();
  db = createDb(t.url);
});
afterAll(async () => {
  for (const a of started) await a.stop();
  const r = new Redis(serviceEnv()["REDIS_URL"]!);
  const keys = await r.keys(`${prefix}:*`);
  if (keys.length) await r.del(...keys);
  await r.quit();
  await Promise.all(redises.map((r) => r.quit().catch(() => undefined)));
  await db?.$disconnect();
  await t?.drop();
});

describe("alert-check scheduler", () => {
  it("two processes, one check per interval; no-workers opens once; the log says alerts go nowhere", async () => {
    const t0 = Date.now();
    await Promise.all([start(), start()]);
    for (let i = 0; i < 100 && (await db.alert.count()) === 0; i++) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 2000));
    const elapsed = Date.now() - t0;
    const alerts = await db.alert.findMany();
    expect(alerts.map((a) => [a.name, a.state])).toEqual([["no-workers", "open"]]);
    expect(alerts[0]!.deliveries).toEqual([]);
    // BullMQ made one job per 500 ms period from the shared scheduler, not one per process.
    const r = new Redis(serviceEnv()["REDIS_URL"]!, { maxRetriesPerRequest: null });
    const { Queue } = await import("bullmq");
    const q = new Queue("alerts", { connection: r, prefix });
    const done = (await q.getJobCounts("completed")).completed ?? 0;
    await q.close();
    await r.quit();
    expect(done).toBeGreaterThanOrEqual(2);
    expect(done).toBeLessThanOrEqual(Math.ceil(elapsed / 500) + 1);
    expect(lines.filter((l) => l.includes("neither ALERT_EMAIL_TO nor ALERT_WEBHOOK_URL is set: alerts show on the dashboard only"))).toHaveLength(2);
    expect(lines.filter((l) => l.includes("alert opened: no-workers"))).toHaveLength(1);
  });

  it("a Redis that lost the scheduler gets it back", async () => {
    await start(300);
    const r = new Redis(serviceEnv()["REDIS_URL"]!, { maxRetriesPerRequest: null });
    const { Queue } = await import("bullmq");
    const q = new Queue("alerts", { connection: r, prefix });
    try {
      expect(await q.getJobScheduler("alert-check")).toBeTruthy();
      await q.removeJobScheduler("alert-check");
      expect(await q.getJobScheduler("alert-check")).toBeFalsy();
      for (let i = 0; i < 30 && !(await q.getJobScheduler("alert-check")); i++) await new Promise((res) => setTimeout(res, 100));
      expect(await q.getJobScheduler("alert-check")).toBeTruthy();
      expect(lines.some((l) => l.includes("the alert-check or digest scheduler was missing from Redis"))).toBe(true);
    } finally {
      await q.close();
      await r.quit();
    }
  });
});
