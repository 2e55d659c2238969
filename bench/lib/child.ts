// A pipeline under test runs as its own process, so its memory and CPU are its own: peak RSS is
// the kernel's high-water mark (VmHWM), CPU time comes from /proc/<pid>/stat. Readiness and the
// mailbox-reader lease are read from its JSON log lines on stderr.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const REPO = fileURLToPath(new URL("../../", import.meta.url));

export interface ChildOptions {
  name: string;
  /** Script and arguments after `node --import tsx`. */
  args: string[];
  env: Record<string, string>;
  /** Write a V8 CPU profile into this directory when the process exits. */
  cpuProfDir?: string;
  /** Extra `--import` modules (instrumentation). */
  preload?: string[];
  /** Working directory (default: this repository). */
  cwd?: string;
  /** Keep every log entry (tracing tools); off for measured runs. */
  keepLog?: boolean;
  /** Load tsx (default); false runs compiled JavaScript with plain node, as production does. */
  tsx?: boolean;
}

export interface Child {
  name: string;
  pid: number;
  startedAt: number;
  /** Resolves with performance.now() when the process first logs this message. */
  when(msg: string): Promise<number>;
  /** Last JSON log entry with this message (e.g. instrumentation written at exit). */
  lastEntry(msg: string): Record<string, unknown> | undefined;
  isReader(): boolean;
  readerEvents: Array<{ at: number; held: boolean }>;
  problems: string[];
  /** Every log entry with its arrival time, when keepLog was set. */
  log: Array<{ at: number; entry: Record<string, unknown> }>;
  /** Peak resident memory in MiB (VmHWM), as last sampled. */
  peakRssMb(): number;
  /** Resident memory in MiB now (VmRSS). */
  rssMb(): number;
  /** CPU seconds used so far (read now while it runs; the last sample once it has stopped). */
  cpuSeconds(): number;
  stop(): Promise<void>;
  /** SIGKILL: the process dies without any cleanup, as on a crash. */
  kill(): Promise<void>;
}

function procStatus(pid: number): { hwmKb: number; rssKb: number; cpuTicks: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const hwmKb = Number(/^VmHWM:\s+(\d+)/m.exec(status)?.[1] ?? 0);
    const rssKb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // utime and stime are fields 14 and 15 of stat; fields here start at field 3.
    const cpuTicks = Number(fields[11]) + Number(fields[12]);
    return { hwmKb, rssKb, cpuTicks };
  } catch {
    return null;
  }
}

const TICKS_PER_SECOND = 100;

export function startChild(o: ChildOptions): Child {
  const nodeArgs = [...(o.tsx === false && !o.preload?.length ? [] : ["--import", "tsx"]), ...(o.preload ?? []).flatMap((p) => ["--import", p])];
  if (o.cpuProfDir) nodeArgs.push("--cpu-prof", `--cpu-prof-dir=${o.cpuProfDir}`);
  const proc: ChildProcess = spawn(process.execPath, [...nodeArgs, ...o.args], {
    cwd: o.cwd ?? REPO,
    env: { PATH: process.env["PATH"] ?? "/usr/bin:/bin", HOME: process.env["HOME"] ?? "/tmp", ...o.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const startedAt = performance.now();
  let reader = false;
  let last = { hwmKb: 0, rssKb: 0, cpuTicks: 0 };
  const readerEvents: Array<{ at: number; held: boolean }> = [];
  const problems: string[] = [];
  const kept: Array<{ at: number; entry: Record<string, unknown> }> = [];
  const seen = new Map<string, number>();
  const entries = new Map<string, Record<string, unknown>>();
  const waiters = new Map<string, Array<{ res: (t: number) => void; rej: (e: Error) => void }>>();
  let exitReason: string | null = null;
  const exited = new Promise<void>((res) => proc.once("exit", () => res()));
  proc.once("exit", (code, signal) => {
    exitReason = `${o.name} exited (${code ?? signal})`;
    for (const [msg, ws] of waiters) for (const w of ws) w.rej(new Error(`${exitReason} before logging "${msg}":\n${problems.slice(-5).join("\n")}`));
    waiters.clear();
  });
  const when = (msg: string): Promise<number> => {
    const t = seen.get(msg);
    if (t !== undefined) return Promise.resolve(t);
    if (exitReason) return Promise.reject(new Error(exitReason));
    return new Promise<number>((res, rej) => waiters.set(msg, [...(waiters.get(msg) ?? []), { res, rej }]));
  };

  let buf = "";
  const onLine = (line: string) => {
    let entry: { msg?: string; level?: number; held?: boolean; err?: string } & Record<string, unknown>;
    try {
      entry = JSON.parse(line) as typeof entry;
    } catch {
      if (line.trim()) problems.push(line.slice(0, 300));
      return;
    }
    if (o.keepLog) kept.push({ at: performance.now(), entry });
    if (typeof entry.msg === "string") {
      const now = performance.now();
      entries.set(entry.msg, entry);
      if (!seen.has(entry.msg)) {
        seen.set(entry.msg, now);
        for (const w of waiters.get(entry.msg) ?? []) w.res(now);
        waiters.delete(entry.msg);
      }
    }
    if (typeof entry.held === "boolean") {
      reader = entry.held;
      readerEvents.push({ at: performance.now(), held: entry.held });
    }
    if ((entry.level ?? 0) >= 40) problems.push(`${entry.msg}${entry.err ? `: ${entry.err}` : ""}`.slice(0, 300));
  };
  const onData = (chunk: Buffer) => {
    buf += chunk.toString("utf8");
    let i: number;
    while ((i = buf.indexOf("\n")) >= 0) {
      onLine(buf.slice(0, i));
      buf = buf.slice(i + 1);
    }
  };
  proc.stderr!.on("data", onData);
  proc.stdout!.on("data", onData);

  const sample = () => {
    const s = proc.pid ? procStatus(proc.pid) : null;
    if (s) last = s;
  };
  const sampler = setInterval(sample, 200);
  sample();

  const finish = async (signal: NodeJS.Signals, graceMs: number) => {
    sample();
    clearInterval(sampler);
    if (proc.exitCode === null && proc.signalCode === null) {
      proc.kill(signal);
      const t = setTimeout(() => proc.kill("SIGKILL"), graceMs);
      await exited;
      clearTimeout(t);
    }
  };

  return {
    name: o.name,
    pid: proc.pid ?? -1,
    startedAt,
    when,
    lastEntry: (msg) => entries.get(msg),
    isReader: () => reader,
    readerEvents,
    problems,
    log: kept,
    peakRssMb: () => last.hwmKb / 1024,
    rssMb: () => {
      sample();
      return last.rssKb / 1024;
    },
    cpuSeconds: () => {
      sample();
      return last.cpuTicks / TICKS_PER_SECOND;
    },
    stop: () => finish("SIGTERM", 20_000),
    kill: () => finish("SIGKILL", 1000),
  };
}
