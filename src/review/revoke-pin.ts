// Revoke a PIN that has not been used: it stops working at once. One conditional update, so a
// PIN being used at the same moment is either used or revoked, never both.
import { recordEvent } from "../store/audit.js";
import { refusal, refused } from "./refusal.js";
import { nowOf, type ActionResult, type ReviewDeps, type StaffActor } from "./review-deps.js";

export async function revokePin(deps: Pick<ReviewDeps, "db" | "now">, staff: StaffActor, i: { pinId: number; reason: string }): Promise<ActionResult> {
  const reason = i.reason.trim() || "revoked by staff";
  const now = nowOf(deps);
  return deps.db.$transaction(async (tx) => {
    const pin = await tx.pin.findUnique({ where: { id: i.pinId }, select: { id: true, userId: true, requestId: true } });
    if (!pin) return { kind: "not-found" as const };
    const changed = await tx.pin.updateMany({
      where: { id: pin.id, usedAt: null, revokedAt: null },
      data: { revokedAt: now, revokedReason: `${staff.email}: ${reason.slice(0, 500)}` },
    });
    if (changed.count !== 1) return refused("conflict", refusal("pin-not-live", {}));
    await recordEvent(tx, pin.requestId, "pin-revoked", staff.email, { pinId: pin.id, reason }, pin.userId);
    return { kind: "ok" as const };
  });
}
