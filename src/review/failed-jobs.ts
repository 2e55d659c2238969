// Failed jobs as staff see them, and the two things they can do: retry (the job runs again with
// fresh attempts) or discard (the job goes, and its ledger row is marked so reconcile does not
// bring it back).
import type { Job } from "bullmq";
import { JOBS, type QueueName } from "../jobs/jobs.js";
import { recordEvent } from "../store/audit.js";
import { markFailed } from "../store/request-life.js";
import { prismaQueryable } from "../store/sql.js";
import type { ActionResult, ReviewDeps, StaffActor } from "./review-deps.js";

export interface FailedJob {
  queue: QueueName;
  id: string;
  name: string;
  failedReason: string;
  attemptsMade: number;
  failedAt: string | null;
  requestId: number | null;
  outboxId: number | null;
}

type Deps = Pick<ReviewDeps, "db" | "producers">;

export async function listFailedJobs(deps: Deps, limit = 100): Promise<FailedJob[]> {
  const out: FailedJob[] = [];
  for (const [queue, q] of Object.entries(deps.producers.queues) as Array<[QueueName, ReviewDeps["producers"]["queues"][QueueName]]>) {
    const jobs = (await q.getFailed(0, limit - 1)).filter((j): j is Job => !!j);
    for (const j of jobs) {
      const data = (j.data ?? {}) as { requestId?: unknown; outboxId?: unknown };
      out.push({
        queue,
        id: String(j.id),
        name: j.name,
        failedReason: String(j.failedReason ?? "").slice(0, 1000),
        attemptsMade: j.attemptsMade,
        failedAt: j.finishedOn ? new Date(j.finishedOn).toISOString() : null,
        requestId: typeof data.requestId === "number" ? data.requestId : null,
        outboxId: typeof data.outboxId === "number" ? data.outboxId : null,
      });
    }
  }
  return out.sort((a, b) => (b.failedAt ?? "").localeCompare(a.failedAt ?? "")).slice(0, limit);
}

async function findFailed(deps: Deps, queue: string, id: string): Promise<Job | null> {
  const q = (deps.producers.queues as Record<string, ReviewDeps["producers"]["queues"][QueueName]>)[queue];
  if (!q) return null;
  const job = await q.getJob(id);
  return job && (await job.isFailed()) ? job : null;
}

async function requestIdOf(deps: Deps, job: Job): Promise<number | null> {
  const data = job.data as { requestId?: number; outboxId?: number };
  if (typeof data.requestId === "number") return data.requestId;
  if (typeof data.outboxId === "number")
    return (await deps.db.outboundMessage.findUnique({ where: { id: data.outboxId }, select: { requestId: true } }))?.requestId ?? null;
  return null;
}

export async function retryJob(deps: Deps, staff: StaffActor, i: { queue: string; id: string }): Promise<ActionResult> {
  const job = await findFailed(deps, i.queue, i.id);
  if (!job) return { kind: "not-found" };
  await job.retry("failed", { resetAttemptsMade: true, resetAttemptsStarted: true });
  await recordEvent(deps.db, await requestIdOf(deps, job), "staff-retried-job", staff.email, { queue: i.queue, job: i.id, name: job.name });
  return { kind: "ok" };
}

export async function discardJob(deps: Deps, staff: StaffActor, i: { queue: string; id: string }): Promise<ActionResult> {
  const job = await findFailed(deps, i.queue, i.id);
  if (!job) return { kind: "not-found" };
  const data = job.data as { requestId?: number; outboxId?: number };
  const requestId = await requestIdOf(deps, job);
  const why = `discarded by ${staff.email} after: ${String(job.failedReason ?? "").slice(0, 300)}`;
  if (job.name === JOBS.sendMail.name && typeof data.outboxId === "number") {
    // The sealed copy of a PIN mail goes too, whatever the row's status: nothing will ever send it.
    await deps.db.outboundMessage.updateMany({ where: { id: data.outboxId, status: "pending" }, data: { status: "failed", lastError: why } });
    await deps.db.outboundMessage.updateMany({ where: { id: data.outboxId }, data: { encrypted: null } });
  }
  if (job.name === JOBS.verifyRequest.name && typeof data.requestId === "number") {
    // The event below says what happened, whatever the job was.
    await markFailed(prismaQueryable(deps.db), { id: data.requestId, reason: why, now: new Date(), event: null });
  }
  await job.remove();
  await recordEvent(deps.db, requestId, "staff-discarded-job", staff.email, { queue: i.queue, job: i.id, name: job.name });
  return { kind: "ok" };
}
