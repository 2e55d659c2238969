// SMTP_RATE_PER_MINUTE shared by every process (issue 17), against the real Redis and the real
// SMTP catcher: two limiters on one key (two processes) send at most N per window together; a
// waiting sender goes on when the window frees, sleeping rather than polling; with Redis
// unreachable each process keeps the limit on its own, says so once, and does not crash. The
// window is shortened through the constructor so the tests take about a second each; the
// assertions are about spacing (at most N sends in any window), never about speed.
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSmtpCatcher, type SmtpCatcher } from "../../scripts/smtp-catcher.js";
import { createRedis } from "../../src/jobs/connection.js";
import { SharedSendRate, type SharedSendRateOptions } from "../../src/outbox/send-rate.js";
import { createTransport } from "../../src/outbox/transport.js";
import { createLogger } from "../../src/runtime/logger.js";
import { waitForMessages } from "../harness/mail-sink.js";
import { serviceEnv } from "../harness/service-env.js";

const WINDOW = 600;
// A grant is observed when its promise resolves, a little after Redis granted it.
const SLACK = 100;
const silent = createLogger("silent");
const connections: Redis[] = [];
let smtp: SmtpCatcher;
let inspect: Redis;

function redis(url = serviceEnv()["REDIS_URL"]!): Redis {
  const r = createRedis(url, "producer");
  r.on("error", () => undefined);
  connections.push(r);
  return r;
}

const freshKey = () => `${serviceEnv()["QUEUE_PREFIX"]}:test-smtp-rate-${randomBytes(4).toString("hex")}`;

function limiter(o: Partial<SharedSendRateOptions> & { key: string; limit: number }): SharedSendRate {
  return new SharedSendRate({ redis: redis(), logger: silent, windowMs: WINDOW, ...o });
}

/** Resolves with the time each acquire was granted, in the order they were granted. */
async function grants(acquires: Array<Promise<unknown>>): Promise<number[]> {
  const at: number[] = [];
  await Promise.all(acquires.map((p) => p.then(() => at.push(Date.now()))));
  return at.sort((a, b) => a - b);
}

/** In any window at most `limit` grants: the (i+limit)-th comes a window after the i-th. */
function expectSpaced(at: number[], limit: number): void {
  for (let i = 0; i + limit < at.length; i++) expect(at[i + limit]! - at[i]!).toBeGreaterThanOrEqual(WINDOW - SLACK);
}

beforeAll(async () => {
  // Queues commands until connected (the test's own reads, not a limiter's).
  inspect = createRedis(serviceEnv()["REDIS_URL"]!, "worker");
  connections.push(inspect);
  smtp = await startSmtpCatcher({ port: 0, dir: mkdtempSync(join(tmpdir(), "pinmail-send-rate-smtp-")), lmtp: false });
});
afterAll(async () => {
  await smtp.close();
  await Promise.all(connections.map((c) => c.quit().catch(() => c.disconnect())));
});

describe("shared SMTP sending rate", () => {
  it("two processes sharing one window send at most N per window together, and all of them eventually", async () => {
    const key = freshKey();
    const [a, b] = [limiter({ key, limit: 2 }), limiter({ key, limit: 2 })];
    const at = await grants([a.acquire(), b.acquire(), a.acquire(), b.acquire(), a.acquire()]);
    expect(at).toHaveLength(5);
    expectSpaced(at, 2);
    // Two processes alone would each have let two through at once: four in the first window.
    expect(at[2]! - at[0]!).toBeGreaterThanOrEqual(WINDOW - SLACK);
    // The window holds send times and slot ids only, and expires by itself.
    const held = await inspect.zrange(key, "0", "-1");
    expect(held.length).toBeGreaterThan(0);
    for (const m of held) expect(m).toMatch(/^[0-9a-f]{12}-\d+$/);
    expect(await inspect.pttl(key)).toBeLessThanOrEqual(WINDOW);
  });

  it("a waiting sender sleeps until the window frees, then goes on", async () => {
    const key = freshKey();
    const waits: number[] = [];
    const other = limiter({ key, limit: 2 });
    const waiting = limiter({ key, limit: 2, onWait: (ms) => waits.push(ms) });
    await other.acquire();
    await other.acquire();
    const started = Date.now();
    let done = false;
    const turn = waiting.acquire().then(() => {
      done = true;
    });
    await new Promise((r) => setTimeout(r, WINDOW / 4));
    expect(done).toBe(false);
    await turn;
    expect(Date.now() - started).toBeGreaterThanOrEqual(WINDOW - SLACK);
    // One sleep (two if it woke just as the slot was freeing), each until the next free slot: no polling.
    expect(waits.length).toBeGreaterThanOrEqual(1);
    expect(waits.length).toBeLessThanOrEqual(2);
    expect(waits[0]!).toBeGreaterThan(WINDOW / 2);
    expect(waits[0]!).toBeLessThanOrEqual(WINDOW);
  });

  it("a slot given back (nothing was sent after all) is free for the next sender at once", async () => {
    const key = freshKey();
    const a = limiter({ key, limit: 1 });
    const slot = await a.acquire();
    expect(await inspect.zcard(key)).toBe(1);
    await slot.release();
    expect(await inspect.zcard(key)).toBe(0);
    const started = Date.now();
    await limiter({ key, limit: 1 }).acquire();
    expect(Date.now() - started).toBeLessThan(WINDOW / 2);
  });

  it("a sender gives up (transiently) after maxWaitMs rather than waiting for ever", async () => {
    const key = freshKey();
    const full = limiter({ key, limit: 1 });
    await full.acquire();
    const impatient = limiter({ key, limit: 1, maxWaitMs: 100 });
    await expect(impatient.acquire()).rejects.toMatchObject({ name: "SendRateWaitError" });
    // The next one in line is not stuck behind the one that gave up.
    const patient = limiter({ key, limit: 1 });
    await expect(patient.acquire()).resolves.toHaveProperty("release");
  });

  it("with Redis unreachable, keeps the limit per process, says so once, and does not crash", async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const modes: string[] = [];
    const down = new SharedSendRate({
      // Nothing listens on port 1: every command fails at once (the producer connection does not queue).
      redis: redis("redis://127.0.0.1:1"),
      key: freshKey(),
      limit: 2,
      windowMs: WINDOW,
      redisTimeoutMs: 200,
      logger: createLogger("info", sink),
      onMode: (m) => modes.push(m),
    });
    const at = await grants([down.acquire(), down.acquire(), down.acquire(), down.acquire()]);
    expect(at).toHaveLength(4);
    expectSpaced(at, 2);
    expect(down.currentMode).toBe("local");
    expect(modes).toEqual(["local"]);
    expect(lines.filter((l) => l.includes("SMTP rate is kept per process"))).toHaveLength(1);
  });

  it("every message of a transport goes through the limiter on its way to the SMTP server", async () => {
    const key = freshKey();
    const transport = createTransport({ smtpUrl: `smtp://127.0.0.1:${smtp.port}`, poolSize: 3, dkim: null }, limiter({ key, limit: 2 }));
    const started = Date.now();
    try {
      const tag = randomBytes(4).toString("hex");
      await Promise.all(
        [1, 2, 3].map((n) => transport.sendMail({ from: "pinmail@pinmail.test", to: "someone@pinmail.test", subject: `rate ${tag} ${n}`, text: "hello" })),
      );
      // The third could only go once the first had aged out of the window.
      expect(Date.now() - started).toBeGreaterThanOrEqual(WINDOW - SLACK);
      const caught = await waitForMessages(smtp.dir, (m) => (m.subject ?? "").startsWith(`rate ${tag}`), { count: 3 });
      expect(caught.map((m) => m.subject).sort()).toEqual([1, 2, 3].map((n) => `rate ${tag} ${n}`));
    } finally {
      transport.close();
    }
  });
});
