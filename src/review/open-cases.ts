// What the review queue counts: cases, not messages. A follow-up that arrives while its case is
// in review is part of that case (issue 15.3): it waits in state `review` with `parentId` naming
// the case, shows in the case's timeline, raises the case's priority and is settled with it
// (close-follow-ups.ts). So a request in review is a case of its own only when it has no parent
// in review. The rule lives here once, for the review list, the overview's counts and the
// guard that keeps staff from deciding such a follow-up apart from its case.
import type { Prisma } from "../store/prisma.js";

/** Requests in review that are cases of their own (not a follow-up waiting with its case). */
export const OPEN_CASES = {
  state: "review",
  OR: [{ parentId: null }, { parent: { is: { state: { not: "review" } } } }],
} as const satisfies Prisma.InboundRequestWhereInput;

/** The case a request in review is part of, or null when it is a case of its own. */
export async function caseOf(
  db: {
    inboundRequest: {
      findUnique(args: { where: { id: number }; select: { reference: true; state: true } }): Promise<{ reference: string; state: string } | null>;
    };
  },
  req: { state: string; parentId: number | null },
): Promise<string | null> {
  if (req.state !== "review" || req.parentId === null) return null;
  const parent = await db.inboundRequest.findUnique({ where: { id: req.parentId }, select: { reference: true, state: true } });
  return parent?.state === "review" ? parent.reference : null;
}
