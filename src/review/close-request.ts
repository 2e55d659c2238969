// Close: a case nobody can be answered for (no usable sender address) leaves review without a
// reply, so it is not stuck there (issue 20). The note says why; nothing is sent.
import { recordEvent } from "../store/audit.js";
import { closeFollowUps } from "./close-follow-ups.js";
import { asResult, lockCase } from "./lock-case.js";
import { refusal, refused } from "./refusal.js";
import { nowOf, type ActionResult, type ReviewDeps, type StaffActor } from "./review-deps.js";

export async function closeRequest(
  deps: Pick<ReviewDeps, "db" | "now">,
  staff: StaffActor,
  i: { reference: string; version?: number; note: string },
): Promise<ActionResult> {
  const note = i.note.trim();
  if (!note) return refused("invalid", refusal("close-note-missing", {}));
  if (note.length > 500) return refused("invalid", refusal("close-note-too-long", { max: 500 }));
  const now = nowOf(deps);
  return asResult(() =>
    deps.db.$transaction(async (tx) => {
      const req = await lockCase(tx, i.reference, i.version, ["review"]);
      await tx.inboundRequest.update({
        where: { id: req.id },
        data: {
          state: "ignored",
          outcome: "rejected",
          ignoredReason: `closed without a reply by ${staff.email}: ${note}`,
          decidedAt: now,
          dueAt: null,
          version: { increment: 1 },
        },
      });
      await recordEvent(tx, req.id, "staff-closed", staff.email, { note, reviewReason: req.reviewReason });
      await closeFollowUps(tx, req, "rejected", staff.email, now);
      return {};
    }),
  );
}
