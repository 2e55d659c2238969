// `npx tsx bench/send-rate.ts [--limit 30] [--window-ms 2000] [--processes 3] [--senders 16] [--windows 3]`
// (services up: `bash scripts/services.sh up`). SMTP_RATE_PER_MINUTE shared by several processes
// (issue 17), on a shortened window: `--processes` limiters (two workers and a web process by
// default) with `--senders` concurrent senders each ask for slots for `--windows` windows. Prints
// the most grants in any sliding window, shared (one Redis window, read by Redis's clock) against
// what the same processes let through each on its own (the per-process fallback; each process
// alone, as the limit was kept before issue 17), and what asking for a slot costs when one is free.
// Nothing is asserted.
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import type { Redis } from "ioredis";
import { createRedis } from "../src/jobs/connection.js";
import { SharedSendRate } from "../src/outbox/send-rate.js";
import { createLogger } from "../src/runtime/logger.js";
import { serviceEnv } from "../test/harness/service-env.js";

const { values } = parseArgs({
  options: {
    limit: { type: "string", default: "30" },
    "window-ms": { type: "string", default: "2000" },
    processes: { type: "string", default: "3" },
    senders: { type: "string", default: "16" },
    windows: { type: "string", default: "3" },
  },
});
const LIMIT = Number(values.limit);
const WINDOW = Number(values["window-ms"]);
const PROCESSES = Number(values.processes);
const SENDERS = Number(values.senders);
const WINDOWS = Number(values.windows);
const url = serviceEnv()["REDIS_URL"]!;
const prefix = `${serviceEnv()["QUEUE_PREFIX"]}:bench-smtp-rate`;
const connections: Redis[] = [];
const logger = createLogger("silent");

async function connection(redisUrl: string): Promise<Redis> {
  const r = createRedis(redisUrl, "producer");
  r.on("error", () => undefined);
  connections.push(r);
  if (redisUrl === url) await new Promise((res) => r.once("ready", res));
  return r;
}

/** Most grants in any window of WINDOW ms. */
function busiestWindow(at: number[]): number {
  const s = [...at].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; j < s.length; j++) {
    while (s[j]! - s[i]! >= WINDOW) i++;
    best = Math.max(best, j - i + 1);
  }
  return best;
}

/** PROCESSES limiters, SENDERS loops each, for WINDOWS windows; the grant times. */
async function run(redisUrl: string): Promise<{ at: number[]; granted: number[]; waits: number }> {
  const key = `${prefix}-${randomBytes(4).toString("hex")}`;
  const at: number[] = [];
  let waits = 0;
  const until = Date.now() + WINDOWS * WINDOW;
  // The window itself, read every 50 ms (a slot stays in it a whole window): each grant with the
  // time Redis gave it, free of the senders' event-loop delays.
  const granted = new Map<string, number>();
  const reader = redisUrl === url ? await connection(url) : null;
  const watch = reader
    ? setInterval(() => {
        void reader.zrange(key, "0", "-1", "WITHSCORES").then((r) => {
          for (let i = 0; i + 1 < r.length; i += 2) granted.set(r[i]!, Number(r[i + 1]));
        });
      }, 50)
    : null;
  const limiters = await Promise.all(
    Array.from(
      { length: PROCESSES },
      async () =>
        new SharedSendRate({ redis: await connection(redisUrl), key, limit: LIMIT, windowMs: WINDOW, logger, redisTimeoutMs: 200, onWait: () => waits++ }),
    ),
  );
  await Promise.all(
    limiters.flatMap((l) =>
      Array.from({ length: SENDERS }, async () => {
        while (Date.now() < until) {
          await l.acquire();
          if (Date.now() < until) at.push(Date.now());
        }
      }),
    ),
  );
  for (const l of limiters) l.stop();
  if (watch) clearInterval(watch);
  return { at, granted: [...granted.values()], waits };
}

try {
  const shared = await run(url);
  // Nothing listens on port 1: each process falls back to its own window.
  const alone = await run("redis://127.0.0.1:1");
  const free = new SharedSendRate({ redis: await connection(url), key: `${prefix}-free`, limit: 1_000_000, windowMs: WINDOW, logger });
  const n = 2000;
  const t = performance.now();
  for (let i = 0; i < n; i++) await free.acquire();
  const perSlot = (performance.now() - t) / n;
  const rows: Array<[string, string]> = [
    ["limit", `${LIMIT} per ${WINDOW} ms window, ${PROCESSES} processes x ${SENDERS} senders, ${WINDOWS} windows`],
    [
      "shared (Redis)",
      `busiest window ${busiestWindow(shared.granted)} grants by Redis's clock (limit ${LIMIT}; ${busiestWindow(shared.at)} as the senders saw them resolve); ${shared.at.length} sent; ${shared.waits} sleeps`,
    ],
    ["each process alone", `busiest window ${busiestWindow(alone.at)} sends; ${alone.at.length} sent`],
    ["a free slot costs", `${(perSlot * 1000).toFixed(0)} µs (one EVAL round trip; ${n} in a row)`],
  ];
  const w = Math.max(...rows.map((r) => r[0].length));
  for (const [k, v] of rows) console.log(`${k.padEnd(w)}  ${v}`);
} finally {
  await Promise.all(connections.map((c) => c.quit().catch(() => c.disconnect())));
}
