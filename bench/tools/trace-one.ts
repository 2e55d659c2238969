// Sends ONE request through a pinmail worker with every SQL statement logged, and prints them:
// the round-trip budget of a request at a glance. Usage: npx tsx bench/tools/trace-one.ts
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { servicesDataDir } from "../../scripts/private-services.js";
import { serviceEnv } from "../../test/harness/service-env.js";
import { startChild } from "../lib/child.js";
import { BenchDatabases } from "../lib/databases.js";
import { Appender, createFolder } from "../lib/mailbox.js";
import { requestFrom } from "../lib/phases.js";
import { pinmailEnv } from "../lib/pipelines.js";
import { benchRecords } from "../lib/records.js";
import { startReplyCatcher } from "../lib/reply-catcher.js";

const svc = serviceEnv();
const tag = randomBytes(3).toString("hex");
const account = { host: svc["IMAP_HOST"]!, port: Number(svc["IMAP_PORT"]), user: `test-bench-${tag}`, password: "test" };
const dbs = new BenchDatabases(svc["DATABASE_URL"]!, tag);
const catcher = await startReplyCatcher();
const { records, requesters } = benchRecords(2, 3);
await dbs.prepareTemplate(records);
const folder = "Bench/trace";
await createFolder(account, folder);
const place = { databaseUrl: await dbs.clone("trace"), redisUrl: svc["REDIS_URL"]!, queuePrefix: `pmbench-${tag}`, account, folder, smtpPort: catcher.port };
const lines: string[] = [];
const child = startChild({
  name: "pinmail",
  args: ["src/cli/main.ts", "worker"],
  env: { ...pinmailEnv(place), LOG_LEVEL: "debug", BENCH_LOG_QUERIES: "1", REMINDERS_ENABLED: "false" },
  preload: ["./bench/lib/count-round-trips.ts"],
  keepLog: true,
});
let start = 0;
try {
  await child.when("mailbox connected");
  await new Promise((r) => setTimeout(r, 1500)); // start-up queries done
  const appender = await Appender.open(account, folder, 1);
  const req = requestFrom(requesters[0]!);
  start = performance.now();
  await appender.append(req.raw);
  await catcher.waitFor([req.messageId], 30_000);
  await new Promise((r) => setTimeout(r, 1000));
  await appender.close();
} finally {
  await child.stop();
  for (const { at, entry } of child.log) {
    if (at < start) continue;
    lines.push(`${String(Math.round(at - start)).padStart(5)} ms  ${entry.msg === "query" ? String(entry.text) : `[log] ${String(entry.msg)}`}`);
  }
  await catcher.close();
  await dbs.dropAll();
  const redis = new Redis(svc["REDIS_URL"]!);
  const keys = await redis.keys(`${place.queuePrefix}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
  rmSync(join(servicesDataDir(), "dovecot/mail", account.user), { recursive: true, force: true });
}
console.log(lines.join("\n"));
console.log(`${lines.length} statements`);
process.exit(0);
