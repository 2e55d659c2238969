// The measured runs. Each gets a fresh copy of the records database, its own IMAP folder and
// queue prefix, and the shared reply catcher (reset before the run).
import { readFileSync } from "node:fs";
import { Redis } from "ioredis";
import pg from "pg";
import { buildMail } from "../../test/harness/mail.js";
import type { Child } from "./child.js";
import type { BenchDatabases } from "./databases.js";
import { Appender, createFolder, deleteFolders, messagesIn, moveAll, type ImapAccount } from "./mailbox.js";
import { CONNECTED, STARTED, startPipeline, type PipelineKind, type PipelineOptions, type RunPlace } from "./pipelines.js";
import type { Requester } from "./records.js";
import type { ReplyCatcher } from "./reply-catcher.js";
import { percentile, round, summarise } from "./stats.js";

export interface BenchContext {
  tag: string;
  dbs: BenchDatabases;
  catcher: ReplyCatcher;
  account: ImapAccount;
  redisUrl: string;
  requesters: readonly Requester[];
  pipeline: PipelineOptions;
  /** Connect the pipelines to PostgreSQL through this Unix socket directory instead of TCP. */
  pgSocketDir?: string;
  log: (line: string) => void;
}

function viaSocket(url: string, dir: string | undefined): string {
  if (!dir) return url;
  const u = new URL(url);
  u.searchParams.set("host", dir);
  return u.toString();
}

export interface ProcessFigures {
  name: string;
  peakRssMb: number;
  cpuSeconds: number;
  wasReader: boolean;
  problems: string[];
  roundTrips?: {
    queries: number;
    redisCommands: number;
    eventLoopDelayMs?: { p50: number; p99: number; max: number };
    memoryAtPeakMb?: Record<string, number>;
    slowest?: unknown[];
  };
}

export interface Request {
  raw: string;
  messageId: string;
}

let runSeq = 0;

export function requestFrom(r: Requester): Request {
  const m = buildMail({
    from: `${r.firstName} ${r.lastName} <${r.email}>`,
    subject: "PIN Reset",
    body: `Hello,\n\nI need a new PIN for our portal.\nFirst name: ${r.firstName}\nLast name: ${r.lastName}\n\nThank you`,
  });
  return { raw: m.raw, messageId: m.messageId! };
}

function requests(ctx: BenchContext, from: number, count: number): Request[] {
  if (from + count > ctx.requesters.length) throw new Error(`need ${from + count} requesters, have ${ctx.requesters.length}`);
  return ctx.requesters.slice(from, from + count).map(requestFrom);
}

async function place(ctx: BenchContext, label: string): Promise<RunPlace> {
  const n = ++runSeq;
  const folder = `Bench/${label}-${n}`;
  await createFolder(ctx.account, folder);
  return {
    databaseUrl: viaSocket(await ctx.dbs.clone(label), ctx.pgSocketDir),
    redisUrl: ctx.redisUrl,
    queuePrefix: `pmbench-${ctx.tag}-${n}`,
    account: ctx.account,
    folder,
    smtpPort: ctx.catcher.port,
  };
}

async function cleanUp(ctx: BenchContext, p: RunPlace): Promise<void> {
  const redis = new Redis(p.redisUrl);
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${p.queuePrefix}:*`, "COUNT", 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
  await deleteFolders(ctx.account, [p.folder, `${p.folder}/Processed`, `${p.folder}/Attention`]);
}

async function stopAll(children: Child[]): Promise<ProcessFigures[]> {
  await Promise.all(children.map((c) => c.stop()));
  return children.map((c) => {
    const rt = c.lastEntry("round trips") as ProcessFigures["roundTrips"];
    return {
      name: c.name,
      peakRssMb: round(c.peakRssMb(), 1),
      cpuSeconds: round(c.cpuSeconds(), 2),
      wasReader: c.readerEvents.some((e) => e.held),
      problems: c.problems.slice(0, 10),
      roundTrips: rt
        ? {
            queries: rt.queries,
            redisCommands: rt.redisCommands,
            eventLoopDelayMs: rt.eventLoopDelayMs,
            memoryAtPeakMb: rt.memoryAtPeakMb,
            slowest: rt.slowest,
          }
        : undefined,
    };
  });
}

/** pinmail's own ledger agrees: one sent reply per request, every request answered. */
export interface Ledger {
  answered: number;
  pinIssued: number;
  sent: number;
  outboxRows: number;
  /** Seconds after the first request was stored by which 50 % / 100 % were stored, decided, answered. */
  stages: Record<"stored" | "decided" | "answered", { p50: number; p100: number }>;
}

async function ledger(databaseUrl: string): Promise<Ledger> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const r = await c.query<{ answered: string; pin: string; sent: string; rows: string }>(
      `SELECT (SELECT count(*) FROM inbound_requests WHERE state = 'answered') AS answered,
              (SELECT count(*) FROM inbound_requests WHERE outcome = 'pin-issued') AS pin,
              (SELECT count(*) FROM outbound_messages WHERE status = 'sent') AS sent,
              (SELECT count(*) FROM outbound_messages) AS rows`,
    );
    const row = r.rows[0]!;
    const t = await c.query<{ stage: string; p50: number; p100: number }>(
      `WITH t0 AS (SELECT min(received_at) AS t0 FROM inbound_requests),
            s AS (SELECT 'stored' AS stage, received_at AS at FROM inbound_requests
                  UNION ALL SELECT 'decided', decided_at FROM inbound_requests
                  UNION ALL SELECT 'answered', answered_at FROM inbound_requests)
       SELECT stage, round(extract(epoch FROM percentile_disc(0.5) WITHIN GROUP (ORDER BY at) - (SELECT t0 FROM t0))::numeric, 2)::float AS p50,
              round(extract(epoch FROM max(at) - (SELECT t0 FROM t0))::numeric, 2)::float AS p100
       FROM s GROUP BY stage`,
    );
    const stages = Object.fromEntries(t.rows.map((x) => [x.stage, { p50: x.p50, p100: x.p100 }])) as Ledger["stages"];
    return { answered: Number(row.answered), pinIssued: Number(row.pin), sent: Number(row.sent), outboxRows: Number(row.rows), stages };
  } finally {
    await c.end();
  }
}

/** Busy and total CPU ticks of the whole machine (all processes, all cores) from /proc/stat. */
function machineTicks(): { busy: number; total: number } {
  const f = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
  const idle = (f[3] ?? 0) + (f[4] ?? 0);
  const total = f.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface LatencyResult {
  pipeline: PipelineKind;
  single: { n: number; medianMs: number; maxMs: number };
  paced: { rate: number; seconds: number; appendLagMaxMs: number } & ReturnType<typeof summarise>;
  burst: { n: number; appendMs: number; lastReplyAfterLastAppendMs: number; lastReplyAfterFirstAppendMs: number };
  duplicates: number;
  process: ProcessFigures[];
}

/** One pipeline process: single requests in turn, then a paced stream, then a burst. */
export async function latencyRun(
  ctx: BenchContext,
  kind: PipelineKind,
  s: { single: number; rate: number; seconds: number; burst: number },
): Promise<LatencyResult> {
  const p = await place(ctx, `${kind}-latency`);
  ctx.catcher.reset();
  const child = startPipeline(kind, p, `${kind}`, ctx.pipeline);
  let figures: ProcessFigures[] = [];
  const appender = await Appender.open(ctx.account, p.folder, 4);
  try {
    await child.when(CONNECTED);
    let next = 0;
    const singles: number[] = [];
    for (const r of requests(ctx, next, s.single)) {
      const appended = await appender.append(r.raw);
      await ctx.catcher.waitFor([r.messageId], 30_000);
      singles.push(ctx.catcher.firstReplyAt.get(r.messageId)! - appended);
    }
    next += s.single;
    ctx.log(`  ${kind}: ${s.single} single requests, median ${round(percentile(singles, 50))} ms`);

    const stream = requests(ctx, next, Math.round(s.rate * s.seconds));
    next += stream.length;
    const appendedAt = new Map<string, number>();
    let lagMax = 0;
    const t0 = performance.now() + 100;
    await Promise.all(
      stream.map(async (r, i) => {
        const due = t0 + (i * 1000) / s.rate;
        await sleep(Math.max(0, due - performance.now()));
        const started = performance.now();
        lagMax = Math.max(lagMax, started - due);
        appendedAt.set(r.messageId, await appender.append(r.raw));
      }),
    );
    await ctx.catcher.waitFor(
      stream.map((r) => r.messageId),
      120_000,
    );
    const lat = stream.map((r) => ctx.catcher.firstReplyAt.get(r.messageId)! - appendedAt.get(r.messageId)!);
    const paced = { rate: s.rate, seconds: s.seconds, appendLagMaxMs: round(lagMax), ...roundAll(summarise(lat)) };
    ctx.log(`  ${kind}: ${stream.length} at ${s.rate}/s: p50 ${paced.p50} ms, p95 ${paced.p95} ms, p99 ${paced.p99} ms, max ${paced.max} ms`);

    const burst = requests(ctx, next, s.burst);
    const b0 = performance.now();
    const times = await appender.appendAll(burst.map((r) => r.raw));
    const lastAppend = Math.max(...times);
    await ctx.catcher.waitFor(
      burst.map((r) => r.messageId),
      120_000,
    );
    const lastReply = Math.max(...burst.map((r) => ctx.catcher.firstReplyAt.get(r.messageId)!));
    const burstFigures = {
      n: s.burst,
      appendMs: round(lastAppend - b0),
      lastReplyAfterLastAppendMs: round(lastReply - lastAppend),
      lastReplyAfterFirstAppendMs: round(lastReply - b0),
    };
    ctx.log(
      `  ${kind}: burst of ${s.burst}: appended in ${burstFigures.appendMs} ms, last reply ${burstFigures.lastReplyAfterLastAppendMs} ms after the last APPEND`,
    );
    await sleep(500); // late duplicates would show up here
    figures = await stopAll([child]);
    return {
      pipeline: kind,
      single: { n: singles.length, medianMs: round(percentile(singles, 50)), maxMs: round(Math.max(...singles)) },
      paced,
      burst: burstFigures,
      duplicates: ctx.catcher.duplicates(),
      process: figures,
    };
  } finally {
    await appender.close();
    if (!figures.length) await stopAll([child]);
    await cleanUp(ctx, p);
  }
}

function roundAll<T extends Record<string, number>>(o: T): T {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, round(v)])) as T;
}

export interface ThroughputResult {
  pipeline: PipelineKind;
  workers: number;
  /** Settings given to this run only (e.g. a heap limit). */
  env: Record<string, string>;
  requests: number;
  appendSeconds: number;
  /** From the backlog's arrival (the MOVE) to the last reply accepted. */
  seconds: number;
  repliesPerSecond: number;
  /** From spawning the processes to the last one logging that it started (loading the code). */
  startupSeconds: number;
  duplicates: number;
  unanswered: number;
  leftInMailbox: number;
  ledger?: Ledger;
  peakRssMb: number;
  /** Resident memory of the largest process once up and idle (3 s after the mailbox connected). */
  idleRssMb: number;
  cpuSecondsPer1000: number;
  /** How busy the whole machine was (all cores, every process: servers, bench, other users). */
  machineBusyPercent: number;
  process: ProcessFigures[];
}

/**
 * A backlog of N requests arrives at once (one IMAP MOVE into the watched folder) while
 * `workers` processes are up and idle; replies/s until the last reply is accepted. Start-up
 * (loading the TypeScript, about 2-3 s of CPU per process) is measured apart, so the figure is
 * the same whether the processes were already running or not.
 */
export async function throughputRun(
  ctx: BenchContext,
  kind: PipelineKind,
  n: number,
  workers: number,
  extraEnv: Record<string, string> = {},
): Promise<ThroughputResult> {
  const p = await place(ctx, `${kind}-throughput${workers}`);
  const options = { ...ctx.pipeline, env: { ...ctx.pipeline.env, ...extraEnv } };
  const staging = `${p.folder}-staging`;
  await createFolder(ctx.account, staging);
  ctx.catcher.reset();
  const batch = requests(ctx, 0, n);
  const appender = await Appender.open(ctx.account, staging, 6);
  const a0 = performance.now();
  await appender.appendAll(batch.map((r) => r.raw));
  const appendSeconds = (performance.now() - a0) / 1000;
  await appender.close();
  ctx.log(`  ${kind} x${workers}: ${n} requests appended in ${round(appendSeconds, 1)} s`);
  const spawned = performance.now();
  const children = Array.from({ length: workers }, (_, i) => startPipeline(kind, p, `${kind}-${i + 1}`, options));
  let figures: ProcessFigures[] = [];
  try {
    const started = Math.max(...(await Promise.all(children.map((c) => c.when(STARTED[kind])))));
    await Promise.race(children.map((c) => c.when(CONNECTED)));
    await sleep(3000); // settle: the reader is idling, workers are waiting for jobs
    const idleRssMb = round(Math.max(...children.map((c) => c.rssMb())), 1);
    const cpuBefore = children.map((c) => c.cpuSeconds());
    const machineBefore = machineTicks();
    const moveStart = performance.now();
    await moveAll(ctx.account, staging, p.folder);
    let unanswered = 0;
    await ctx.catcher
      .waitFor(
        batch.map((r) => r.messageId),
        60_000 + n * 50,
      )
      .catch((err: Error) => {
        ctx.log(`  ${kind} x${workers}: ${err.message}`);
        unanswered = batch.filter((r) => !ctx.catcher.firstReplyAt.has(r.messageId)).length;
      });
    const answered = batch.map((r) => ctx.catcher.firstReplyAt.get(r.messageId)).filter((t): t is number => t !== undefined);
    const last = Math.max(...answered);
    const cpuDuring = children.reduce((sum, c, i) => sum + c.cpuSeconds() - cpuBefore[i]!, 0);
    const machineAfter = machineTicks();
    const machineBusyPercent = round((100 * (machineAfter.busy - machineBefore.busy)) / Math.max(1, machineAfter.total - machineBefore.total));
    await sleep(1000); // late duplicates would show up here
    figures = await stopAll(children);
    const seconds = (last - moveStart) / 1000;
    const result: ThroughputResult = {
      pipeline: kind,
      workers,
      env: extraEnv,
      requests: n,
      appendSeconds: round(appendSeconds, 2),
      seconds: round(seconds, 2),
      repliesPerSecond: round(answered.length / seconds, 1),
      startupSeconds: round((started - spawned) / 1000, 2),
      duplicates: ctx.catcher.duplicates(),
      unanswered,
      leftInMailbox: await messagesIn(ctx.account, p.folder),
      ledger: kind === "pinmail" ? await ledger(p.databaseUrl) : undefined,
      peakRssMb: Math.max(...figures.map((f) => f.peakRssMb)),
      idleRssMb,
      cpuSecondsPer1000: round((cpuDuring / n) * 1000, 2),
      machineBusyPercent,
      process: figures,
    };
    if (result.ledger) {
      const st = result.ledger.stages;
      ctx.log(
        `  ${kind} x${workers}: s after first stored, 50 %/100 %: stored ${st.stored.p50}/${st.stored.p100}, decided ${st.decided.p50}/${st.decided.p100}, answered ${st.answered.p50}/${st.answered.p100}`,
      );
    }
    ctx.log(
      `  ${kind} x${workers}: ${result.repliesPerSecond} replies/s (${result.seconds} s), peak RSS ${result.peakRssMb} MiB (idle ${idleRssMb}), ` +
        `${result.duplicates} duplicates, ${unanswered} unanswered, CPU ${result.cpuSecondsPer1000} s per 1000, machine ${machineBusyPercent} % busy`,
    );
    return result;
  } finally {
    if (!figures.length) await stopAll(children);
    await cleanUp(ctx, p);
    await deleteFolders(ctx.account, [staging]);
  }
}

export interface TakeoverResult {
  requestsBefore: number;
  requestsAfter: number;
  /** From SIGKILL of the reader to the standby logging that it holds the lease. */
  takeoverMs: number;
  /** From SIGKILL to the last reply to mail appended right after it. */
  lastReplyAfterKillMs: number;
  duplicates: number;
  unanswered: number;
  survivorIsReader: boolean;
}

/** Two pinmail workers; the one reading the mailbox is killed; the other must take over. */
export async function takeoverRun(ctx: BenchContext, n: number): Promise<TakeoverResult> {
  const p = await place(ctx, "pinmail-takeover");
  ctx.catcher.reset();
  const children = [startPipeline("pinmail", p, "pinmail-1", ctx.pipeline), startPipeline("pinmail", p, "pinmail-2", ctx.pipeline)];
  const appender = await Appender.open(ctx.account, p.folder, 4);
  try {
    await Promise.race(children.map((c) => c.when(CONNECTED)));
    await Promise.all(children.map((c) => c.when(STARTED.pinmail)));
    const before = requests(ctx, 0, n);
    await appender.appendAll(before.map((r) => r.raw));
    await ctx.catcher.waitFor(
      before.map((r) => r.messageId),
      60_000,
    );
    const holder = children.find((c) => c.isReader());
    const survivor = children.find((c) => c !== holder)!;
    if (!holder) throw new Error("no process holds the reader lease");
    const killedAt = performance.now();
    await holder.kill();
    const after = requests(ctx, n, n);
    await appender.appendAll(after.map((r) => r.raw));
    let unanswered = 0;
    await ctx.catcher
      .waitFor(
        after.map((r) => r.messageId),
        90_000,
      )
      .catch(() => {
        unanswered = after.filter((r) => !ctx.catcher.firstReplyAt.has(r.messageId)).length;
      });
    const took = survivor.readerEvents.find((e) => e.held && e.at > killedAt);
    const lastReply = Math.max(...after.map((r) => ctx.catcher.firstReplyAt.get(r.messageId) ?? Number.NaN));
    await sleep(1000);
    const result: TakeoverResult = {
      requestsBefore: n,
      requestsAfter: n,
      takeoverMs: took ? round(took.at - killedAt) : Number.NaN,
      lastReplyAfterKillMs: round(lastReply - killedAt),
      duplicates: ctx.catcher.duplicates(),
      unanswered,
      survivorIsReader: survivor.isReader(),
    };
    ctx.log(
      `  takeover: standby took the mailbox ${result.takeoverMs} ms after the reader was killed; last reply after ${result.lastReplyAfterKillMs} ms; ${result.duplicates} duplicates, ${unanswered} unanswered`,
    );
    return result;
  } finally {
    await appender.close();
    await stopAll(children);
    await cleanUp(ctx, p);
  }
}
