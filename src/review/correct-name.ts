// Correct the parsed name and run verification again, as if the mail had said it that way. The
// review reason is cleared (a person has looked at the case); it stays in the audit trail.
import { requeue } from "../store/request-life.js";
import { prismaQueryable } from "../store/sql.js";
import { verifyRequest } from "../verify/verify-request.js";
import { asResult, lockCase } from "./lock-case.js";
import { closeFollowUps } from "./close-follow-ups.js";
import { refusal, refused } from "./refusal.js";
import { nowOf, type ActionResult, type ReviewDeps, type StaffActor } from "./review-deps.js";

export async function correctName(
  deps: ReviewDeps,
  staff: StaffActor,
  i: { reference: string; version?: number; firstName: string; lastName: string },
): Promise<ActionResult<{ state: string; outcome: string | null }>> {
  const firstName = i.firstName.trim().replace(/\s+/g, " ");
  const lastName = i.lastName.trim().replace(/\s+/g, " ");
  if (!firstName || !lastName) return refused("invalid", refusal("names-missing", {}));
  if (firstName.length > 200 || lastName.length > 200) return refused("invalid", refusal("names-too-long", { max: 200 }));
  const locked = await asResult(() =>
    deps.db.$transaction(async (tx) => {
      const req = await lockCase(tx, i.reference, i.version, ["review"]);
      await tx.inboundRequest.update({
        where: { id: req.id },
        data: { parsedFirstName: firstName, parsedLastName: lastName, parsedFullName: null, nameSource: "staff" },
      });
      const detail = {
        from: req.parsedFullName ?? ([req.parsedFirstName, req.parsedLastName].filter(Boolean).join(" ") || null),
        to: `${firstName} ${lastName}`,
        reviewReason: req.reviewReason,
      };
      const after = await requeue(prismaQueryable(tx), {
        id: req.id,
        from: "review",
        review: null,
        now: nowOf(deps),
        event: { type: "staff-corrected-name", actor: staff.email, detail },
      });
      // lockCase holds the row and checked its state: the move happens.
      return after!;
    }),
  );
  if (locked.kind !== "ok") return locked;
  // A second reply for the same request needs its own outbox key (the first run used `<id>:reply`).
  const outboxIds = await verifyRequest(deps, locked.id, { dedupeKey: `${locked.id}:reply:${locked.version}` });
  if (outboxIds.length) await deps.producers.sendMail(outboxIds);
  const after = await deps.db.inboundRequest.findUniqueOrThrow({ where: { id: locked.id }, select: { reference: true, state: true, outcome: true } });
  // Decided by the re-run: the follow-ups that waited with the case are settled with it.
  if (after.state !== "review" && after.outcome) {
    const outcome = after.outcome;
    await deps.db.$transaction((tx) => closeFollowUps(tx, { id: locked.id, reference: after.reference }, outcome, staff.email, nowOf(deps)));
  }
  return { kind: "ok", state: after.state, outcome: after.outcome };
}
