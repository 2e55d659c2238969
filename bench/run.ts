// `npm run bench [-- --quick] [-- --only latency,throughput,scale-out,takeover] [-- --count] [-- --cpu-prof]
//  [-- --pinmail-dir DIR (pinmail from another checkout)] [-- --compiled (dist/ with plain node, as in production)] [-- --heap-mb 128 (0: no extra run with a heap limit)] [-- --no-baseline] [-- --set NAME=value ...] [-- --pg-socket /var/run/postgresql] [-- --note text]`
// Measures pinmail against a minimal baseline pipeline on the local services and prints one
// table; the JSON goes to bench/results/. See docs/benchmarks.md for what each figure means.
import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { Redis } from "ioredis";
import pg from "pg";
import { servicesDataDir } from "../scripts/private-services.js";
import { serviceEnv } from "../test/harness/service-env.js";
import { REPO } from "./lib/child.js";
import { BenchDatabases } from "./lib/databases.js";
import { latencyRun, takeoverRun, throughputRun, type BenchContext, type LatencyResult, type TakeoverResult, type ThroughputResult } from "./lib/phases.js";
import { benchRecords } from "./lib/records.js";
import { startReplyCatcher } from "./lib/reply-catcher.js";
import { round } from "./lib/stats.js";
import { formatTable } from "./lib/table.js";

const { values: args } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    only: { type: "string" },
    count: { type: "boolean", default: false },
    "cpu-prof": { type: "boolean", default: false },
    note: { type: "string" },
    "no-baseline": { type: "boolean", default: false },
    "pg-socket": { type: "string" },
    "heap-mb": { type: "string", default: "128" },
    "pinmail-dir": { type: "string" },
    compiled: { type: "boolean", default: false },
    set: { type: "string", multiple: true },
  },
});

const PHASES = ["latency", "throughput", "scale-out", "takeover"] as const;
const only = new Set(args.only ? args.only.split(",") : PHASES);
for (const p of only) if (!(PHASES as readonly string[]).includes(p)) throw new Error(`unknown phase "${p}"; one of ${PHASES.join(", ")}`);
// --compiled: pinmail runs dist/ with plain node (no tsx), as a production install does; built now
// so the figures are never those of a stale build.
if (args.compiled) {
  const built = spawnSync(process.execPath, ["scripts/build.mjs"], { cwd: args["pinmail-dir"] ?? REPO, stdio: "inherit" });
  if (built.status !== 0) throw new Error("npm run build failed; no compiled figures");
}

const sizes = args.quick
  ? { organizations: 150, perOrganization: 10, single: 5, rate: 20, seconds: 8, burst: 100, throughput: 1000, takeover: 20 }
  : { organizations: 600, perOrganization: 10, single: 20, rate: 20, seconds: 30, burst: 500, throughput: 5000, takeover: 50 };

const resultsDir = join(REPO, "bench/results");
mkdirSync(resultsDir, { recursive: true });
const stamp = new Date().toISOString().replace(/[:.]/g, "-");
const log = (line: string) => console.log(line);

async function machine() {
  const svc = serviceEnv();
  const c = new pg.Client({ connectionString: svc["DATABASE_URL"] });
  await c.connect();
  const pgVersion = (await c.query<{ server_version: string }>("SHOW server_version")).rows[0]!.server_version;
  await c.end();
  const redis = new Redis(svc["REDIS_URL"]!);
  const info = await redis.info("server");
  redis.disconnect();
  let dovecot = "unknown";
  try {
    dovecot = execFileSync("dovecot", ["--version"], { encoding: "utf8" }).trim();
  } catch {
    // not on PATH: the version stays unknown
  }
  return {
    cpu: os.cpus()[0]?.model ?? "unknown",
    cores: os.cpus().length,
    memoryGiB: round(os.totalmem() / 2 ** 30, 1),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    postgres: pgVersion,
    redis: /redis_version:(\S+)/.exec(info)?.[1] ?? "unknown",
    dovecot,
    loadAverageAtStart: os.loadavg().map((l) => round(l, 2)),
  };
}

async function main(): Promise<void> {
  const svc = serviceEnv();
  const tag = randomBytes(3).toString("hex");
  const account = { host: svc["IMAP_HOST"]!, port: Number(svc["IMAP_PORT"]), user: `test-bench-${tag}`, password: "test" };
  const extraEnv = Object.fromEntries((args.set ?? []).map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]));
  const dbs = new BenchDatabases(svc["DATABASE_URL"]!, tag);
  const catcher = await startReplyCatcher();
  const profDir = join(resultsDir, `prof-${stamp}`);
  const ctx: BenchContext = {
    tag,
    dbs,
    catcher,
    account,
    redisUrl: svc["REDIS_URL"]!,
    requesters: [],
    pgSocketDir: args["pg-socket"],
    pipeline: {
      countRoundTrips: args.count,
      cpuProfDir: args["cpu-prof"] ? profDir : undefined,
      env: extraEnv,
      pinmailDir: args["pinmail-dir"],
      compiled: args.compiled,
    },
    log,
  };
  const report: {
    startedAt: string;
    quick: boolean;
    note?: string;
    settings: Record<string, string>;
    machine: Awaited<ReturnType<typeof machine>>;
    sizes: typeof sizes;
    latency: LatencyResult[];
    throughput: ThroughputResult[];
    takeover?: TakeoverResult;
    ratios: Record<string, number>;
    pinmailDir?: string;
  } = {
    startedAt: new Date().toISOString(),
    quick: args.quick,
    note: args.note,
    pinmailDir: args["pinmail-dir"],
    settings: extraEnv,
    machine: await machine(),
    sizes,
    latency: [],
    throughput: [],
    ratios: {},
  };
  const started = performance.now();
  try {
    const { records, requesters } = benchRecords(sizes.organizations, sizes.perOrganization);
    const importMs = await dbs.prepareTemplate(records);
    ctx.requesters = requesters;
    log(`records: ${sizes.organizations * sizes.perOrganization} users imported in ${round(importMs / 1000, 1)} s`);

    if (only.has("latency")) {
      log("latency (APPEND completed → reply accepted by SMTP):");
      for (const kind of args["no-baseline"] ? (["pinmail"] as const) : (["baseline", "pinmail"] as const)) {
        report.latency.push(await latencyRun(ctx, kind, { single: sizes.single, rate: sizes.rate, seconds: sizes.seconds, burst: sizes.burst }));
      }
    }
    if (only.has("throughput") || only.has("scale-out")) {
      log(`throughput (${sizes.throughput} requests waiting when the pipeline starts):`);
      if (!args["no-baseline"]) report.throughput.push(await throughputRun(ctx, "baseline", sizes.throughput, 1));
      if (only.has("throughput")) report.throughput.push(await throughputRun(ctx, "pinmail", sizes.throughput, 1));
      if (only.has("scale-out")) report.throughput.push(await throughputRun(ctx, "pinmail", sizes.throughput, 2));
      if (only.has("throughput") && args["heap-mb"] !== "0") {
        // The same run with the heap limit docs/benchmarks.md recommends for production workers.
        report.throughput.push(await throughputRun(ctx, "pinmail", sizes.throughput, 1, { NODE_OPTIONS: `--max-old-space-size=${args["heap-mb"]}` }));
      }
    }
    if (only.has("takeover")) {
      log("takeover (the mailbox reader is killed with SIGKILL):");
      report.takeover = await takeoverRun(ctx, sizes.takeover);
    }
  } finally {
    await catcher.close();
    await dbs.dropAll().catch((err: Error) => log(`could not drop the bench databases: ${err.message}`));
    // The test user's maildir (Dovecot creates it on first login) goes too.
    rmSync(join(servicesDataDir(), "dovecot/mail", account.user), { recursive: true, force: true });
  }

  const base = report.throughput.find((t) => t.pipeline === "baseline");
  const one = report.throughput.find((t) => t.pipeline === "pinmail" && t.workers === 1 && !Object.keys(t.env).length);
  const two = report.throughput.find((t) => t.pipeline === "pinmail" && t.workers === 2);
  const lb = report.latency.find((l) => l.pipeline === "baseline");
  const lp = report.latency.find((l) => l.pipeline === "pinmail");
  if (base && one) report.ratios["throughput pinmail/baseline"] = round(one.repliesPerSecond / base.repliesPerSecond, 2);
  if (base && two) report.ratios["throughput pinmail x2/baseline"] = round(two.repliesPerSecond / base.repliesPerSecond, 2);
  if (one && two) report.ratios["throughput pinmail x2/x1"] = round(two.repliesPerSecond / one.repliesPerSecond, 2);
  if (lb && lp) {
    report.ratios["latency p50 pinmail/baseline"] = round(lp.paced.p50 / lb.paced.p50, 2);
    report.ratios["latency p95 pinmail/baseline"] = round(lp.paced.p95 / lb.paced.p95, 2);
  }
  const file = join(resultsDir, `bench-${stamp}.json`);
  writeFileSync(file, JSON.stringify(report, null, 2));
  writeFileSync(join(resultsDir, "latest.json"), JSON.stringify(report, null, 2));
  log("");
  log(formatTable(report));
  log(`\n${round((performance.now() - started) / 1000)} s; JSON: ${file}${args["cpu-prof"] ? `; CPU profiles: ${profDir}` : ""}`);
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    console.error(`bench failed: ${err.stack ?? err.message}`);
    process.exit(1);
  },
);
