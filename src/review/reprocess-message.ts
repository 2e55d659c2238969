// Re-process a message that landed in the attention folder (it could not be parsed, or had no
// usable sender). The stored raw source is analysed again (after a fix was deployed, or now that
// a person vouches for it); if it now reads as a request, it is verified like any other.
import { analyseMessage } from "../pipeline/analyse-message.js";
import { recordEvent } from "../store/audit.js";
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
    const data =
      a.action === "take"
        ? {
            state: "received",
            kind: a.kind,
            language: a.language,
            sender: a.facts.sender,
            senderName: a.facts.senderName,
            subject: a.facts.subject,
            reviewReason: a.review?.reason ?? null,
            senderAuth: a.auth.status,
            senderAuthReason: a.auth.reason,
            ignoredReason: null,
            parsedFirstName: a.name && !("fullName" in a.name.name) ? a.name.name.firstName : null,
            parsedLastName: a.name && !("fullName" in a.name.name) ? a.name.name.lastName : null,
            parsedFullName: a.name && "fullName" in a.name.name ? a.name.name.fullName : null,
            nameSource: a.name?.source ?? null,
          }
        : { state: "ignored", ignoredReason: a.reason };
    const n = await tx.inboundRequest.updateMany({
      where: { id: row.id, state: "failed", version: row.version },
      data: { ...data, version: { increment: 1 } },
    });
    if (n.count === 1) await recordEvent(tx, row.id, "staff-reprocessed", staff.email, { result: a.action, reason: "reason" in a ? a.reason : null });
    return n.count === 1;
  });
  if (!changed) return refused("conflict", refusal("reprocessed-meanwhile", { reference: row.reference }));
  if (a.action === "take") {
    const outboxIds = await verifyRequest(deps, row.id);
    if (outboxIds.length) await deps.producers.sendMail(outboxIds);
  }
  const after = await deps.db.inboundRequest.findUniqueOrThrow({ where: { id: row.id }, select: { state: true, outcome: true } });
  return { kind: "ok", ...after };
}
