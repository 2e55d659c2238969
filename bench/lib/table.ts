// The printed report: one Markdown table (pasted as is into docs/benchmarks.md) and the ratios.
import type { LatencyResult, TakeoverResult, ThroughputResult } from "./phases.js";

interface Report {
  machine: { cpu: string; cores: number; memoryGiB: number; node: string; postgres: string; redis: string; dovecot: string; loadAverageAtStart: number[] };
  sizes: { throughput: number; rate: number; seconds: number; burst: number; single: number };
  latency: LatencyResult[];
  throughput: ThroughputResult[];
  takeover?: TakeoverResult;
  ratios: Record<string, number>;
}

const ms = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? "–" : `${v} ms`);

export function formatTable(r: Report): string {
  const lb = r.latency.find((l) => l.pipeline === "baseline");
  const lp = r.latency.find((l) => l.pipeline === "pinmail");
  const tb = r.throughput.find((t) => t.pipeline === "baseline");
  const t1 = r.throughput.find((t) => t.pipeline === "pinmail" && t.workers === 1 && !Object.keys(t.env ?? {}).length);
  const capped = r.throughput.find((t) => t.pipeline === "pinmail" && Object.keys(t.env ?? {}).length);
  const t2 = r.throughput.find((t) => t.pipeline === "pinmail" && t.workers === 2);
  const perRequest = (t: ThroughputResult | undefined, key: "queries" | "redisCommands") => {
    const counted = t?.process.filter((p) => p.roundTrips);
    if (!t || !counted?.length) return "–";
    return String(Math.round((counted.reduce((s, p) => s + p.roundTrips![key], 0) / t.requests) * 10) / 10);
  };
  const rows: string[][] = [
    ["figure", "baseline", "pinmail", "pinmail ×2 workers", "target"],
    [`one request at a time, median of ${r.sizes.single}`, ms(lb?.single.medianMs), ms(lp?.single.medianMs), "", ""],
    [`${r.sizes.rate} req/s for ${r.sizes.seconds} s: p50`, ms(lb?.paced.p50), ms(lp?.paced.p50), "", ""],
    ["… p95", ms(lb?.paced.p95), ms(lp?.paced.p95), "", "< 1000 ms"],
    ["… p99", ms(lb?.paced.p99), ms(lp?.paced.p99), "", ""],
    ["… max", ms(lb?.paced.max), ms(lp?.paced.max), "", ""],
    [
      `${r.sizes.burst} appended at once: last reply after last APPEND`,
      ms(lb?.burst.lastReplyAfterLastAppendMs),
      ms(lp?.burst.lastReplyAfterLastAppendMs),
      "",
      "",
    ],
    [
      `backlog of ${r.sizes.throughput} arriving at once: replies/s`,
      `${tb?.repliesPerSecond ?? "–"}`,
      `${t1?.repliesPerSecond ?? "–"}`,
      `${t2?.repliesPerSecond ?? "–"}`,
      "≥ 60 % of baseline; ×2 ≥ ×1",
    ],
    ["… seconds until the last reply", `${tb?.seconds ?? "–"}`, `${t1?.seconds ?? "–"}`, `${t2?.seconds ?? "–"}`, ""],
    ["… start-up: spawn to ready (s)", `${tb?.startupSeconds ?? "–"}`, `${t1?.startupSeconds ?? "–"}`, `${t2?.startupSeconds ?? "–"}`, ""],
    ["… peak RSS per process (MiB)", `${tb?.peakRssMb ?? "–"}`, `${t1?.peakRssMb ?? "–"}`, `${t2?.peakRssMb ?? "–"}`, "< 300"],
    ["… idle RSS before the backlog (MiB)", `${tb?.idleRssMb ?? "–"}`, `${t1?.idleRssMb ?? "–"}`, `${t2?.idleRssMb ?? "–"}`, "< 150"],
    [
      "… CPU seconds per 1000 requests (all processes)",
      `${tb?.cpuSecondsPer1000 ?? "–"}`,
      `${t1?.cpuSecondsPer1000 ?? "–"}`,
      `${t2?.cpuSecondsPer1000 ?? "–"}`,
      "",
    ],
    ["… machine CPU busy during the run (%)", `${tb?.machineBusyPercent ?? "–"}`, `${t1?.machineBusyPercent ?? "–"}`, `${t2?.machineBusyPercent ?? "–"}`, ""],
    ["… SQL queries per request", perRequest(tb, "queries"), perRequest(t1, "queries"), perRequest(t2, "queries"), ""],
    ["… Redis commands per request", perRequest(tb, "redisCommands"), perRequest(t1, "redisCommands"), perRequest(t2, "redisCommands"), ""],
    [
      "duplicate replies (all runs)",
      `${(lb?.duplicates ?? 0) + (tb?.duplicates ?? 0)}`,
      `${(lp?.duplicates ?? 0) + (t1?.duplicates ?? 0)}`,
      `${t2 ? t2.duplicates : "–"}`,
      "0",
    ],
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  const line = (row: string[]) => `| ${row.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  const out = [line(rows[0]!), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.slice(1).map(line)];
  const m = r.machine;
  out.push(
    "",
    `ratios: ${
      Object.entries(r.ratios)
        .map(([k, v]) => `${k} ${v}`)
        .join("; ") || "–"
    }`,
  );
  if (capped) {
    out.push(
      `pinmail ×1 with ${Object.entries(capped.env)
        .map(([k, v]) => `${k}=${v}`)
        .join(" ")}: ${capped.repliesPerSecond} replies/s, ` +
        `peak RSS ${capped.peakRssMb} MiB, ${capped.duplicates} duplicates, ${capped.unanswered} unanswered`,
    );
  }
  if (r.takeover) {
    const t = r.takeover;
    out.push(
      `takeover: reader killed (SIGKILL); standby held the lease after ${t.takeoverMs} ms; last of ${t.requestsAfter} new requests answered ` +
        `${t.lastReplyAfterKillMs} ms after the kill; ${t.duplicates} duplicates, ${t.unanswered} unanswered`,
    );
  }
  const ledgers = r.throughput
    .filter((t) => t.ledger)
    .map(
      (t) =>
        `×${t.workers}${Object.keys(t.env ?? {}).length ? " (heap limit)" : ""}: ${t.ledger!.answered} answered (${t.ledger!.pinIssued} with a PIN), ${t.ledger!.sent} sent of ${t.ledger!.outboxRows} outbox rows, ${t.leftInMailbox} left in the mailbox`,
    );
  if (ledgers.length) out.push(`pinmail ledger: ${ledgers.join("; ")}`);
  out.push(
    `machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB; Node ${m.node}, PostgreSQL ${m.postgres}, Redis ${m.redis}, Dovecot ${m.dovecot}; load at start ${m.loadAverageAtStart.join(" ")}`,
  );
  return out.join("\n");
}
