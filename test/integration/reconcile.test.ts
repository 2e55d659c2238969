// The ledger brings back work Redis lost or gave up on: rows still pending get their jobs again.
import { randomBytes } from "node:crypto";
import { Worker } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedis } from "../../src/jobs/connection.js";
import { createProducers, type Producers } from "../../src/jobs/producers.js";
import { reconcile } from "../../src/queue/reconcile.js";
import { QUEUES, jobIds } from "../../src/jobs/jobs.js";
import { createDb, type Db } from "../../src/store/prisma.js";
import { createTestDb, type TestDb } from "../harness/test-db.js";
import { serviceEnv } from "../harness/service-env.js";

let t: TestDb;
let db: Db;
let producers: Producers;
const prefix = `pmtest-rec-${randomBytes(4).toString("hex")}`;
const redis = () => createRedis(serviceEnv()["REDIS_URL"]!, "worker");
const conn = redis();

async function request(createdAt: Date) {
  return db.inboundRequest.create({
    data: {
      reference: `PM-261126-${randomBytes(2).toString("hex").toUpperCase()}`,
      messageKey: `<${randomBytes(6).toString("hex")}@x>`,
      mailbox: "INBOX",
      uidValidity: 1n,
      uid: 1,
      sender: "a@b.example",
      subject: "PIN Reset",
      rawSource: new Uint8Array([1]),
      rawSize: 1,
      createdAt,
    },
  });
}

beforeAll(async () => {
  t = await createTestDb();
  db = createDb(t.url);
  producers = createProducers(conn, prefix, { smtpRetryAttempts: 1, smtpRetryBaseMs: 10 });
});
afterAll(async () => {
  await producers?.close();
  await conn.quit();
  await db?.$disconnect();
  await t?.drop();
});

describe("reconcile", () => {
  it("re-creates the jobs of pending rows that Redis does not have", async () => {
    const row = await request(new Date(Date.now() - 10_000));
    expect(await producers.queues.requests.getJob(jobIds.verifyRequest(row.id))).toBeUndefined();
    const r = await reconcile(db, producers);
    expect(r.requests).toBeGreaterThanOrEqual(1);
    expect(await producers.queues.requests.getJob(jobIds.verifyRequest(row.id))).toBeDefined();
    await producers.queues.requests.obliterate({ force: true });
  });

  it("retries a job that failed for good while its row is still pending", async () => {
    const row = await request(new Date(Date.now() - 10 * 60_000));
    let calls = 0;
    const worker = new Worker(
      QUEUES.requests,
      async () => {
        calls++;
        if (calls === 1) throw new Error("database down");
      },
      { connection: redis(), prefix },
    );
    const failed = new Promise((resolve) => worker.once("failed", resolve));
    await producers.queues.requests.add("verify-request", { requestId: row.id }, { jobId: jobIds.verifyRequest(row.id), attempts: 1 });
    await failed;
    const r = await reconcile(db, producers);
    expect(r.retried).toBe(1);
    for (let i = 0; i < 50 && calls < 2; i++) await new Promise((res) => setTimeout(res, 100));
    expect(calls).toBe(2);
    await worker.close();
  });
});
