// Instrumentation for `npm run bench -- --count`: loaded with --import into the process under
// test, it counts PostgreSQL queries and Redis commands sent and logs the totals at exit, so
// round trips per request can be read next to the timings.
import pg from "pg";
import { Redis } from "ioredis";

let queries = 0;
// BENCH_LOG_QUERIES=1 also logs each statement's first words (to see what one request costs).
const logQueries = process.env["BENCH_LOG_QUERIES"] === "1";
let redisCommands = 0;
const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  queries++;
  if (logQueries) {
    const q = args[0] as string | { text?: string };
    const text = typeof q === "string" ? q : (q?.text ?? "");
    process.stderr.write(`${JSON.stringify({ level: 20, msg: "query", text: text.replace(/\s+/g, " ").slice(0, 160) })}\n`);
  }
  return query.apply(this, args);
} as typeof pg.Client.prototype.query;
const send = Redis.prototype.sendCommand;
Redis.prototype.sendCommand = function (this: Redis, ...args: Parameters<typeof send>) {
  redisCommands++;
  return send.apply(this, args);
};
// stderr is synchronous for pipes on Linux, so the line is out before the process ends.
process.on("exit", () => process.stderr.write(`${JSON.stringify({ level: 30, msg: "round trips", queries, redisCommands })}\n`));
