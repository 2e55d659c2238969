// Follow-ups that joined a case in review (they were acknowledged, not answered) are settled
// with the case, so the review queue does not keep them after the decision.
import { answerWithCase } from "../store/request-life.js";
import { prismaQueryable } from "../store/sql.js";
import type { Tx } from "../verify/issue-pin.js";

export async function closeFollowUps(tx: Tx, parent: { id: number; reference: string }, outcome: string, actor: string, now: Date): Promise<void> {
  const open = await tx.inboundRequest.findMany({ where: { parentId: parent.id, state: "review" }, select: { id: true } });
  for (const f of open) {
    await answerWithCase(prismaQueryable(tx), {
      id: f.id,
      outcome,
      now,
      event: { type: "closed-with-case", actor, detail: { case: parent.reference, outcome } },
    });
  }
}
