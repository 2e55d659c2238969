// What the daily digest reports, read from PostgreSQL for the day before `now` (from the previous
// business day's midnight, so Monday's digest covers the weekend too): requests by outcome,
// median and 95th percentile of the time to reply, reviews waiting and overdue, failures,
// organizations going dormant in the next 30 days, open alerts.
import { isBusinessDay } from "../../core/business-days.js";
import { addCalendarDays, formatCalendarDate, torontoCalendarDate, torontoWallTimeToInstant, type CalendarDate } from "../../core/toronto-date.js";
import { listOrganizationsAtRisk } from "../../reminders/organizations-at-risk.js";
import type { Db } from "../../store/prisma.js";
import { ALERT_NAMES, type AlertName } from "../alert-names.js";

export interface DigestData {
  /** The Toronto date the digest is for (YYYY-MM-DD). */
  day: string;
  periodStart: Date;
  periodEnd: Date;
  outcomes: Array<{ outcome: string; count: number }>;
  total: number;
  replies: { count: number; medianSeconds: number | null; p95Seconds: number | null };
  reviews: { waiting: number; overdue: number; overdueCases: Array<{ reference: string; dueAt: Date }> };
  failures: { deliveries: number; requests: number };
  dormant: Array<{ organization: string; dormancyDate: string; daysLeft: number }>;
  openAlerts: Array<{ alert: AlertName; text: string; since: Date }>;
}

/** Midnight of the previous business day (Toronto) up to midnight of `day`. */
export function digestPeriod(day: CalendarDate): { start: Date; end: Date } {
  const end = torontoWallTimeToInstant(day, 0);
  let d = addCalendarDays(day, -1);
  for (let i = 0; i < 10 && !isBusinessDay(torontoWallTimeToInstant(d, 12)); i++) d = addCalendarDays(d, -1);
  return { start: torontoWallTimeToInstant(d, 0), end };
}

export async function loadDigest(db: Db, now: Date): Promise<DigestData> {
  const today = torontoCalendarDate(now);
  const { start, end } = digestPeriod(today);
  const [outcomes, replies, reviews, overdueCases, failedDeliveries, failedRequests, dormant, openAlerts] = await Promise.all([
    db.$queryRaw<Array<{ outcome: string; count: bigint }>>`
      SELECT coalesce(outcome, state) AS outcome, count(*) AS count FROM inbound_requests
      WHERE received_at >= ${start} AND received_at < ${end} AND kind IS NOT NULL
      GROUP BY 1 ORDER BY 2 DESC, 1`,
    db.$queryRaw<Array<{ count: bigint; median: number | null; p95: number | null }>>`
      SELECT count(*) AS count,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM o.sent_at - r.received_at))::float8 AS median,
             percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM o.sent_at - r.received_at))::float8 AS p95
      FROM outbound_messages o JOIN inbound_requests r ON r.id = o.request_id
      WHERE o.purpose IN ('reply', 'decision') AND o.status = 'sent' AND o.sent_at >= ${start} AND o.sent_at < ${end}`,
    db.$queryRaw<Array<{ waiting: bigint; overdue: bigint }>>`
      SELECT count(*) AS waiting, count(*) FILTER (WHERE due_at < ${now}) AS overdue FROM inbound_requests WHERE state = 'review'`,
    db.inboundRequest.findMany({
      where: { state: "review", dueAt: { lt: now } },
      select: { reference: true, dueAt: true },
      orderBy: { dueAt: "asc" },
      take: 10,
    }),
    db.outboundMessage.count({ where: { status: { in: ["failed", "undeliverable"] }, updatedAt: { gte: start, lt: end } } }),
    db.inboundRequest.count({ where: { state: "failed", updatedAt: { gte: start, lt: end } } }),
    listOrganizationsAtRisk(db, now, 30),
    db.alert.findMany({ where: { state: "open" }, orderBy: { since: "asc" }, select: { name: true, text: true, since: true } }),
  ]);
  const list = outcomes.map((o) => ({ outcome: o.outcome, count: Number(o.count) }));
  const r = replies[0];
  return {
    day: formatCalendarDate(today),
    periodStart: start,
    periodEnd: end,
    outcomes: list,
    total: list.reduce((n, o) => n + o.count, 0),
    replies: { count: Number(r?.count ?? 0), medianSeconds: r?.median ?? null, p95Seconds: r?.p95 ?? null },
    reviews: {
      waiting: Number(reviews[0]?.waiting ?? 0),
      overdue: Number(reviews[0]?.overdue ?? 0),
      overdueCases: overdueCases.map((c) => ({ reference: c.reference, dueAt: c.dueAt! })),
    },
    failures: { deliveries: failedDeliveries, requests: failedRequests },
    dormant: dormant.map((o) => ({ organization: o.organization.name, dormancyDate: o.dormancyDate, daysLeft: o.daysLeft })),
    openAlerts: openAlerts
      .filter((a) => (ALERT_NAMES as readonly string[]).includes(a.name))
      .map((a) => ({ alert: a.name as AlertName, text: a.text, since: a.since })),
  };
}
