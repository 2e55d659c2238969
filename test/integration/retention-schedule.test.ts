// The daily purge as a BullMQ job scheduler (issue 19): two worker processes (here: two sets of
// BullMQ workers on their own Redis connections, as `pinmail worker` starts them) both upsert the
// scheduler, and each period's purge runs once, not once per worker. The period is shortened to
// two seconds for the test; production uses RETENTION_CRON.
import { randomBytes } from "node:crypto";
import type { Worker } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedis } from "../../src/jobs/connection.js";
import { createProducers, type Producers } from "../../src/jobs/producers.js";
import { startWorkers, type WorkerDeps } from "../../src/queue/workers.js";
import { RETENTION_SCHEDULER_ID, scheduleRetention } from "../../src/queue/retention-schedule.js";
import { createLogger } from "../../src/runtime/logger.js";
import { createDb, type Db } from "../../src/store/prisma.js";
import { seedRequest } from "../harness/retention-seed.js";
import { serviceEnv } from "../harness/service-env.js";
import { createTestDb, type TestDb } from "../harness/test-db.js";

const prefix = `pmtest-ret${randomBytes(4).toString("hex")}`;
let t: TestDb;
let db: Db;
const processes: Array<{ workers: Worker[]; producers: Producers; close(): Promise<void> }> = [];

/** Handlers this test never reaches (no request, mail or reminder job is queued). */
const unused = <T>(what: string) =>
  new Proxy(
    {},
    {
      get: () => {
        throw new Error(`${what} is not part of this test`);
      },
    },
  ) as T;

async function startWorkerProcess() {
  const url = serviceEnv()["REDIS_URL"]!;
  const connection = createRedis(url, "worker");
  const producerRedis = createRedis(url, "producer");
  const producers = createProducers(producerRedis, prefix, { smtpRetryAttempts: 1, smtpRetryBaseMs: 100 });
  const workers = startWorkers({
    connection,
    prefix,
    db,
    logger: createLogger("silent"),
    producers,
    settings: { concurrency: 1, lockMs: 30_000, stalledIntervalMs: 30_000 },
    verify: unused<WorkerDeps["verify"]>("verification"),
    deliver: unused<WorkerDeps["deliver"]>("delivery"),
    reminders: unused<WorkerDeps["reminders"]>("reminders"),
    retention: { db, settings: { rawMailDays: 90, recordDays: 730, mailboxDays: 90 }, mailbox: null },
  });
  // What `pinmail worker` does at start-up, with a two-second period.
  await scheduleRetention(producers.queues.maintenance, "*/2 * * * * *");
  const p = {
    workers,
    producers,
    async close() {
      await Promise.all(workers.map((w) => w.close()));
      await producers.close();
      await Promise.all([connection.quit(), producerRedis.quit()]);
    },
  };
  processes.push(p);
  return p;
}

beforeAll(async () => {
  t = await createTestDb();
  db = createDb(t.url);
});
afterAll(async () => {
  const q = processes[0]?.producers.queues.maintenance;
  if (q) {
    await q.removeJobScheduler(RETENTION_SCHEDULER_ID);
    await q.obliterate({ force: true });
  }
  for (const p of processes) await p.close();
  await db?.$disconnect();
  await t?.drop();
});

describe("daily purge scheduler", () => {
  it("two workers, one scheduler, one purge per period", async () => {
    const old = await seedRequest(db, "old@example.test", 1000);
    const [a] = [await startWorkerProcess(), await startWorkerProcess()];
    expect((await a!.producers.queues.maintenance.getJobSchedulers()).map((s) => s.key ?? s.id)).toHaveLength(1);

    // Let at least three periods pass (more time allowed on a busy machine).
    const deadline = Date.now() + 25_000;
    while (Date.now() < deadline && (await db.auditEvent.count({ where: { type: "retention-purge" } })) < 3) await new Promise((r) => setTimeout(r, 250));
    await new Promise((r) => setTimeout(r, 2500));
    for (const p of processes) await Promise.all(p.workers.map((w) => w.pause()));

    const runs = await db.auditEvent.findMany({ where: { type: "retention-purge" }, orderBy: { id: "asc" } });
    expect(runs.length).toBeGreaterThanOrEqual(3);
    // One job per period (BullMQ names each after its period), and one run per job, whichever
    // worker took it: not one per worker.
    const jobs = await a!.producers.queues.maintenance.getCompleted();
    const periods = jobs.map((j) => Number(/(\d+)$/.exec(j.id ?? "")?.[1]));
    expect(periods.every((p) => p > 0 && p % 2000 === 0)).toBe(true);
    expect(new Set(periods).size).toBe(jobs.length);
    expect(runs.length).toBe(jobs.length);
    // The first run removed the old request's history; later ones found nothing to do.
    expect(await db.inboundRequest.count({ where: { id: old.id } })).toBe(0);
    expect(runs.map((r) => (r.detail as { records: number }).records)).toEqual([1, ...Array(runs.length - 1).fill(0)]);
  }, 45_000);
});
