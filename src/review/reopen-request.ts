// Reopen: an answered (or ignored) request goes back to manual review, e.g. a name mismatch that
// looks like a typo in the records. It gets a fresh due date.
import { sendToReview } from "../store/request-life.js";
import { prismaQueryable } from "../store/sql.js";
import { asResult, lockCase } from "./lock-case.js";
import { refusal, refused } from "./refusal.js";
import { nowOf, type ActionResult, type ReviewDeps, type StaffActor } from "./review-deps.js";

export async function reopenRequest(
  deps: Pick<ReviewDeps, "db" | "now">,
  staff: StaffActor,
  i: { reference: string; version?: number; note: string },
): Promise<ActionResult> {
  const note = i.note.trim();
  if (!note) return refused("invalid", refusal("reopen-note-missing", {}));
  const now = nowOf(deps);
  return asResult(() =>
    deps.db.$transaction(async (tx) => {
      const req = await lockCase(tx, i.reference, i.version, ["answered", "ignored"]);
      await sendToReview(prismaQueryable(tx), {
        id: req.id,
        from: ["answered", "ignored"],
        reason: `reopened by ${staff.email}: ${note.slice(0, 500)}`,
        now,
        assignedToId: staff.id,
        event: { type: "staff-reopened", actor: staff.email, detail: { note, previousState: req.state, previousOutcome: req.outcome } },
      });
      return {};
    }),
  );
}
