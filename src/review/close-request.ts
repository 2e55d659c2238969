// Close: a case nobody can be answered for (no usable sender address) leaves review without a
// reply, so it is not stuck there (issue 20). The note says why; nothing is sent.
import { markIgnored } from "../store/request-life.js";
import { prismaQueryable } from "../store/sql.js";
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
      await markIgnored(prismaQueryable(tx), {
        id: req.id,
        from: "review",
        outcome: "rejected",
        reason: `closed without a reply by ${staff.email}: ${note}`,
        now,
        event: { type: "staff-closed", actor: staff.email, detail: { note, reviewReason: req.reviewReason } },
      });
      await closeFollowUps(tx, req, "rejected", staff.email, now);
      return {};
    }),
  );
}
