// The Failures page: failed jobs, replies that could not be delivered, and messages that landed
// in the attention folder.
import { listFailedJobs } from "../../review/failed-jobs.js";
import type { SupportDeps } from "./support-deps.js";

export async function loadFailures(deps: SupportDeps) {
  const [jobs, replies, attention] = await Promise.all([
    listFailedJobs(deps.review),
    deps.db.outboundMessage.findMany({
      where: { status: { in: ["undeliverable", "failed"] } },
      orderBy: { id: "desc" },
      take: 100,
      select: {
        id: true,
        toAddress: true,
        template: true,
        status: true,
        lastError: true,
        attempts: true,
        updatedAt: true,
        request: { select: { reference: true } },
      },
    }),
    deps.db.inboundRequest.findMany({
      where: { disposition: "attention", state: "failed" },
      orderBy: { id: "desc" },
      take: 100,
      select: { reference: true, receivedAt: true, sender: true, subject: true, ignoredReason: true },
    }),
  ]);
  const refs = await deps.db.inboundRequest.findMany({
    where: { id: { in: jobs.map((j) => j.requestId).filter((x): x is number => x !== null) } },
    select: { id: true, reference: true },
  });
  const refOf = new Map(refs.map((r) => [r.id, r.reference]));
  return {
    jobs: jobs.map((j) => ({ ...j, reference: j.requestId ? (refOf.get(j.requestId) ?? null) : null })),
    replies: replies.map((r) => ({
      id: r.id,
      to: r.toAddress,
      template: r.template,
      status: r.status,
      error: r.lastError,
      attempts: r.attempts,
      at: r.updatedAt.toISOString(),
      reference: r.request?.reference ?? null,
    })),
    attention: attention.map((a) => ({
      reference: a.reference,
      receivedAt: a.receivedAt.toISOString(),
      sender: a.sender,
      subject: a.subject,
      reason: a.ignoredReason,
    })),
  };
}
export type Failures = Awaited<ReturnType<typeof loadFailures>>;
