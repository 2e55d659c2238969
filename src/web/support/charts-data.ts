// The overview's pictures (issue 20): requests per day by outcome over the last 30 days, and the
// time to reply per day (median and 95th percentile), days counted in the staff time zone. Two
// index-served aggregate queries (inbound_requests received_at); computed when the page loads,
// not on every live refresh, and shared by all viewers for a few seconds (see cached()).
import type { Db } from "../../store/prisma.js";
import { prismaQueryable, sql } from "../../store/sql.js";

export const CHART_DAYS = 30;

export interface DayCounts {
  /** YYYY-MM-DD in the staff time zone. */
  day: string;
  total: number;
  byOutcome: Record<string, number>;
}

export interface DayReplyTimes {
  day: string;
  /** Seconds from the mail's arrival to its answer; null on a day with no answered request. */
  median: number | null;
  p95: number | null;
  answered: number;
}

export interface Charts {
  days: string[];
  counts: DayCounts[];
  replyTimes: DayReplyTimes[];
}

/** The `n` calendar days up to and including the day of `now` in `timeZone`, oldest first. */
export function lastDays(now: Date, timeZone: string, n = CHART_DAYS): string[] {
  const fmt = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
  const today = fmt.format(now); // en-CA writes YYYY-MM-DD
  const [y, m, d] = today.split("-").map(Number) as [number, number, number];
  const out: string[] = [];
  for (let i = n - 1; i >= 0; i--) out.push(new Date(Date.UTC(y, m - 1, d - i)).toISOString().slice(0, 10));
  return out;
}

export async function loadCharts(db: Db, now: Date, timeZone: string): Promise<Charts> {
  const days = lastDays(now, timeZone);
  // A day earlier than the first one, so the zone's offset can never cut the first day short.
  const since = new Date(Date.parse(`${days[0]}T00:00:00Z`) - 86_400_000);
  const q = prismaQueryable(db);
  const [countRows, timeRows] = await Promise.all([
    q.query<{ day: string; outcome: string; n: number }>(sql`
      SELECT to_char(received_at AT TIME ZONE ${timeZone}, 'YYYY-MM-DD') AS day, COALESCE(outcome, 'undecided') AS outcome, count(*)::int AS n
        FROM inbound_requests
       WHERE received_at >= ${since}::timestamptz AND kind IS NOT NULL
       GROUP BY 1, 2`),
    q.query<{ day: string; median: number | null; p95: number | null; answered: number }>(sql`
      SELECT to_char(received_at AT TIME ZONE ${timeZone}, 'YYYY-MM-DD') AS day,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM answered_at - received_at))::float8 AS median,
             percentile_cont(0.95) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM answered_at - received_at))::float8 AS p95,
             count(*)::int AS answered
        FROM inbound_requests
       WHERE received_at >= ${since}::timestamptz AND answered_at IS NOT NULL AND kind IS NOT NULL
       GROUP BY 1`),
  ]);
  const counts = new Map(days.map((day) => [day, { day, total: 0, byOutcome: {} as Record<string, number> }]));
  for (const r of countRows) {
    const c = counts.get(r.day);
    if (!c) continue;
    c.byOutcome[r.outcome] = r.n;
    c.total += r.n;
  }
  const times = new Map(timeRows.map((r) => [r.day, r]));
  return {
    days,
    counts: days.map((d) => counts.get(d)!),
    replyTimes: days.map((day) => {
      const r = times.get(day);
      return { day, median: r?.median ?? null, p95: r?.p95 ?? null, answered: r?.answered ?? 0 };
    }),
  };
}
