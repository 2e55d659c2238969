// Follow-ups that joined a case in review (they were acknowledged, not answered) are settled
// with the case, so the review queue does not keep them after the decision.
import { recordEvent } from "../store/audit.js";
import type { Tx } from "../verify/issue-pin.js";

export async function closeFollowUps(tx: Tx, parent: { id: number; reference: string }, outcome: string, actor: string, now: Date): Promise<void> {
  const open = await tx.inboundRequest.findMany({ where: { parentId: parent.id, state: "review" }, select: { id: true } });
  for (const f of open) {
    await tx.inboundRequest.update({
      where: { id: f.id },
      data: { state: "answered", outcome, decidedAt: now, answeredAt: now, dueAt: null, version: { increment: 1 } },
    });
    await recordEvent(tx, f.id, "closed-with-case", actor, { case: parent.reference, outcome });
  }
}
