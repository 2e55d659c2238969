// Re-process a message that landed in the attention folder (it could not be parsed, or had no
// usable sender). The stored raw source is analysed again (after a fix was deployed, or now that
// a person vouches for it); if it now reads as a request, it is verified like any other.
import { analyseMessage } from "../pipeline/analyse-message.js";
import { recordEvent } from "../store/audit.js";
import { markIgnored, requeue } from "../store/request-life.js";
import { prismaQueryable } from "../store/sql.js";
import { verifyRequest } from "../verify/verify-request.js";
import { refusal, refused, type Refusal } from "./refusal.js";
import { nowOf, type ActionResult, type ReviewDeps, type StaffActor } from "./review-deps.js";

export async function reprocessMessage(
  deps: ReviewDeps,
  staff: StaffActor,
  i: { reference: string },
): Promise<ActionResult<{ state: string; outcome: string | null }> | { kind: "still-unreadable"; reason: string; refusal: Refusal }> {
  const row = await deps.db.inboundRequest.findUnique({ where: { reference: i.reference } });
  if (!row) return { kind: "not-found" };
  if (row.disposition !== "attention" || row.state !== "failed")
    return refused("conflict", refusal("not-in-attention", { reference: row.reference, state: row.state }));
  // Nothing left to read once the retention purge removed the source (issue 19).
  if (row.rawPurgedAt) return refused("conflict", refusal("raw-purged", { reference: row.reference, at: row.rawPurgedAt.toISOString() }));
  const now = nowOf(deps);
  // A person asked for this one: its age no longer sends it to silent review.
  const a = await analyseMessage(Buffer.from(row.rawSource), row.internalDate, { ...deps.analyse, maxAgeDays: 36_500, now });
  if (a.action === "attention") {
    await recordEvent(deps.db, row.id, "staff-reprocess-failed", staff.email, { reason: a.reason });
    return { kind: "still-unreadable", reason: a.reason, refusal: refusal("still-unreadable", { reason: a.reason }) };
  }
  const changed = await deps.db.$transaction(async (tx) => {
    const q = prismaQueryable(tx);
    const event = { type: "staff-reprocessed", actor: staff.email, detail: { result: a.action, reason: "reason" in a ? a.reason : null } };
    // The version read above must still be the row's: two people re-processing at once, one wins.
    const guard = { id: row.id, from: "failed" as const, now, event, expectedVersion: row.version };
    if (a.action !== "take") return (await markIgnored(q, { ...guard, reason: a.reason })) !== null;
    const moved = await requeue(q, { ...guard, review: a.review ? { reason: a.review.reason, acknowledged: a.review.acknowledge } : null });
    if (moved)
      await tx.inboundRequest.update({
        where: { id: row.id },
        data: {
          kind: a.kind,
          language: a.language,
          sender: a.facts.sender,
          senderName: a.facts.senderName,
          subject: a.facts.subject,
          senderAuth: a.auth.status,
          senderAuthReason: a.auth.reason,
          parsedFirstName: a.name && !("fullName" in a.name.name) ? a.name.name.firstName : null,
          parsedLastName: a.name && !("fullName" in a.name.name) ? a.name.name.lastName : null,
          parsedFullName: a.name && "fullName" in a.name.name ? a.name.name.fullName : null,
          nameSource: a.name?.source ?? null,
        },
      });
    return moved !== null;
  });
  if (!changed) return refused("conflict", refusal("reprocessed-meanwhile", { reference: row.reference }));
  if (a.action === "take") {
    const outboxIds = await verifyRequest(deps, row.id);
    if (outboxIds.length) await deps.producers.sendMail(outboxIds);
  }
  const after = await deps.db.inboundRequest.findUniqueOrThrow({ where: { id: row.id }, select: { state: true, outcome: true } });
  return { kind: "ok", ...after };
}
