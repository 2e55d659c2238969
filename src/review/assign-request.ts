// "Assign to me": the case shows whose desk it is on. Taking a case someone else holds is allowed
// (people go home) but recorded, with the previous holder.
import { recordEvent } from "../store/audit.js";
import { asResult, lockCase } from "./lock-case.js";
import type { ActionResult, ReviewDeps, StaffActor } from "./review-deps.js";

export async function assignRequest(deps: Pick<ReviewDeps, "db">, staff: StaffActor, i: { reference: string; version?: number }): Promise<ActionResult> {
  return asResult(() =>
    deps.db.$transaction(async (tx) => {
      const req = await lockCase(tx, i.reference, i.version, ["review"]);
      const previous = req.assignedToId ? await tx.staffAccount.findUnique({ where: { id: req.assignedToId }, select: { email: true } }) : null;
      await tx.inboundRequest.update({ where: { id: req.id }, data: { assignedToId: staff.id, version: { increment: 1 } } });
      await recordEvent(tx, req.id, "staff-assigned", staff.email, { to: staff.email, previous: previous?.email ?? null });
      return {};
    }),
  );
}
