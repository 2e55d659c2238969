// The overview's figures (GET /api/overview and the live Overview page): requests today and this
// week by outcome, queue counts, mailbox status, review backlog, failures.
import { addCalendarDays, dayOfWeek, torontoCalendarDate, torontoWallTimeToInstant } from "../../core/toronto-date.js";
import type { MailboxStatus } from "../../ingest/mailbox-reader.js";
import type { QueueName } from "../../jobs/jobs.js";
import { reviewCounts } from "./review-counts.js";
import { countOrganizationsAtRisk } from "../../reminders/organizations-at-risk.js";
import { clock, type SupportDeps } from "./support-deps.js";

export interface QueueFigures {
  name: QueueName;
  counts: { waiting: number; active: number; delayed: number; failed: number; completed: number };
  oldestWaitingAgeSeconds: number | null;
  workers: number;
  /** Work finished in the last hour, from the ledger: requests decided, replies sent. */
  doneLastHour: number | null;
}

export interface Overview {
  generatedAt: string;
  requests: { today: Period; week: Period };
  queues: QueueFigures[];
  worker: { up: boolean; workers: number };
  mailbox: (MailboxStatus & { at: string | null; reported: true }) | { reported: false };
  review: { open: number; overdue: number; unassigned: number };
  failures: { failedJobs: number; undeliverableReplies: number; attention: number };
  /** Organizations that go dormant within `withinDays` unless their primary user signs in. */
  atRisk: { withinDays: number; organizations: number };
}

interface Period {
  since: string;
  total: number;
  byOutcome: Record<string, number>;
  byState: Record<string, number>;
}

async function period(deps: SupportDeps, since: Date): Promise<Period> {
  const [byOutcome, byState] = await Promise.all([
    deps.db.inboundRequest.groupBy({ by: ["outcome"], where: { receivedAt: { gte: since }, kind: { not: null } }, _count: { _all: true } }),
    deps.db.inboundRequest.groupBy({ by: ["state"], where: { receivedAt: { gte: since }, kind: { not: null } }, _count: { _all: true } }),
  ]);
  const outcomes: Record<string, number> = {};
  for (const g of byOutcome) outcomes[g.outcome ?? "undecided"] = g._count._all;
  const states: Record<string, number> = {};
  let total = 0;
  for (const g of byState) {
    states[g.state] = g._count._all;
    total += g._count._all;
  }
  return { since: since.toISOString(), total, byOutcome: outcomes, byState: states };
}

const AT_RISK_OVERVIEW_DAYS = 90;

export async function loadOverview(deps: SupportDeps): Promise<Overview> {
  const now = clock(deps);
  const today = torontoCalendarDate(now);
  const dayStart = torontoWallTimeToInstant(today, 0);
  const weekStart = torontoWallTimeToInstant(addCalendarDays(today, -((dayOfWeek(today) + 6) % 7)), 0);
  const hourAgo = new Date(now.getTime() - 3_600_000);
  const db = deps.db;
  const queues = deps.review.producers.queues;

  const queueFigures = Promise.all(
    (Object.entries(queues) as Array<[QueueName, (typeof queues)[QueueName]]>).map(async ([name, q]) => {
      const [counts, oldest, workers] = await Promise.all([
        q.getJobCounts("waiting", "active", "delayed", "failed", "completed"),
        // Ascending: the first waiting job is the oldest (getWaiting lists newest first).
        q.getJobs(["wait"], 0, 0, true),
        q.getWorkersCount().catch(() => 0),
      ]);
      const first = oldest[0];
      const done =
        name === "requests"
          ? await db.inboundRequest.count({ where: { decidedAt: { gte: hourAgo } } })
          : name === "outbox"
            ? await db.outboundMessage.count({ where: { sentAt: { gte: hourAgo } } })
            : null;
      return {
        name,
        counts: {
          waiting: counts.waiting ?? 0,
          active: counts.active ?? 0,
          delayed: counts.delayed ?? 0,
          failed: counts.failed ?? 0,
          completed: counts.completed ?? 0,
        },
        oldestWaitingAgeSeconds: first ? Math.max(0, Math.round((now.getTime() - first.timestamp) / 1000)) : null,
        workers,
        doneLastHour: done,
      };
    }),
  );
  const [todayP, weekP, qf, statusRaw, review, undeliverable, attention, atRisk] = await Promise.all([
    period(deps, dayStart),
    period(deps, weekStart),
    queueFigures,
    deps.redis.get(`${deps.queuePrefix}:mailbox-status`).catch(() => null),
    // Cases, not messages: a follow-up waiting with its case is not one more (issue 15.3).
    // One statement for open, overdue and unassigned (issue 20: three Prisma counts took 1.3 s on a million requests).
    reviewCounts(db, now),
    db.outboundMessage.count({ where: { status: { in: ["undeliverable", "failed"] } } }),
    db.inboundRequest.count({ where: { disposition: "attention", state: "failed" } }),
    countOrganizationsAtRisk(db, now, AT_RISK_OVERVIEW_DAYS),
  ]);
  let mailbox: Overview["mailbox"] = { reported: false };
  if (statusRaw) {
    try {
      mailbox = { ...(JSON.parse(statusRaw) as MailboxStatus & { at: string | null }), reported: true };
    } catch {
      mailbox = { reported: false };
    }
  }
  const workers = Math.max(0, ...qf.filter((q) => q.name !== "maintenance").map((q) => q.workers));
  return {
    generatedAt: now.toISOString(),
    requests: { today: todayP, week: weekP },
    queues: qf,
    worker: { up: qf.filter((q) => q.name !== "maintenance").every((q) => q.workers > 0), workers },
    mailbox,
    review,
    failures: { failedJobs: qf.reduce((n, q) => n + q.counts.failed, 0), undeliverableReplies: undeliverable, attention },
    atRisk: { withinDays: AT_RISK_OVERVIEW_DAYS, organizations: atRisk },
  };
}
