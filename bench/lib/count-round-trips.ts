// Instrumentation for `npm run bench -- --count`: loaded with --import into the process under
// test, it counts PostgreSQL queries and Redis commands sent and logs the totals at exit, so
// round trips per request can be read next to the timings.
import { monitorEventLoopDelay } from "node:perf_hooks";
import pg from "pg";
import { Redis } from "ioredis";

let queries = 0;
// BENCH_LOG_QUERIES=1 also logs each statement's first words (to see what one request costs).
const logQueries = process.env["BENCH_LOG_QUERIES"] === "1";
// BENCH_QUERY_TIMES=1: total wall time per statement shape, logged at exit (where requests wait).
const timeQueries = process.env["BENCH_QUERY_TIMES"] === "1";
const times = new Map<string, { n: number; ms: number }>();
let redisCommands = 0;
const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  queries++;
  if (logQueries) {
    const q = args[0] as string | { text?: string };
    const text = typeof q === "string" ? q : (q?.text ?? "");
    process.stderr.write(`${JSON.stringify({ level: 20, msg: "query", text: text.replace(/\s+/g, " ").slice(0, 160) })}\n`);
  }
  const result = query.apply(this, args);
  if (timeQueries && result && typeof (result as Promise<unknown>).then === "function") {
    const q = args[0] as string | { text?: string };
    const key = (typeof q === "string" ? q : (q?.text ?? ""))
      .replace(/\s+/g, " ")
      .replace(/"public"\./g, "")
      .slice(0, 70);
    const t0 = performance.now();
    const done = () => {
      const e = times.get(key) ?? { n: 0, ms: 0 };
      e.n++;
      e.ms += performance.now() - t0;
      times.set(key, e);
    };
    (result as Promise<unknown>).then(done, done);
  }
  return result;
} as typeof pg.Client.prototype.query;
const send = Redis.prototype.sendCommand;
Redis.prototype.sendCommand = function (this: Redis, ...args: Parameters<typeof send>) {
  redisCommands++;
  return send.apply(this, args);
};
// stderr is synchronous for pipes on Linux, so the line is out before the process ends.
// Where the memory is, at the moment of the highest RSS seen (sampled every 250 ms).
let memoryAtPeak = process.memoryUsage();
setInterval(() => {
  const m = process.memoryUsage();
  if (m.rss > memoryAtPeak.rss) memoryAtPeak = m;
}, 250).unref();
const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();
process.on("exit", () => {
  const eventLoopDelayMs = { p50: loop.percentile(50) / 1e6, p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 };
  const slowest = [...times]
    .sort((a, b) => b[1].ms - a[1].ms)
    .slice(0, 15)
    .map(([k, v]) => ({ statement: k, n: v.n, totalMs: Math.round(v.ms), avgMs: Math.round((v.ms / v.n) * 10) / 10 }));
  process.stderr.write(
    `${JSON.stringify({ level: 30, msg: "round trips", queries, redisCommands, eventLoopDelayMs, memoryAtPeakMb: Object.fromEntries(Object.entries(memoryAtPeak).map(([k, v]) => [k, Math.round(v / 1048576)])), slowest })}\n`,
  );
});
