// Every staff action on a case starts here, inside its transaction: the row lock makes two people
// acting at once take turns, and the version the person saw must still be the current one, so
// the second of two simultaneous decisions fails instead of overwriting the first.
import type { Tx } from "../verify/issue-pin.js";
import { RecipientRefused } from "../outbox/compose.js";
import { caseOf } from "./open-cases.js";
import { refusal, ReviewRefusal, type Refusal } from "./refusal.js";

export type LockedCase = NonNullable<Awaited<ReturnType<typeof load>>>;

const load = (tx: Tx, id: number) => tx.inboundRequest.findUnique({ where: { id } });

// The case errors carry a typed refusal (refusal.ts): their message is its English sentence.
export class CaseConflict extends ReviewRefusal {
  override name = "CaseConflict";
}
export class CaseNotFound extends Error {
  override name = "CaseNotFound";
}
export class CaseInvalid extends ReviewRefusal {
  override name = "CaseInvalid";
}
/** The rules forbid the action for this case, whoever asks (issue 20); the message says why and what to do instead. */
export class CaseNotEligible extends ReviewRefusal {
  override name = "CaseNotEligible";
}

export async function lockCase(tx: Tx, reference: string, expectedVersion: number | undefined, allowedStates: readonly string[]): Promise<LockedCase> {
  const rows = await tx.$queryRaw<Array<{ id: number }>>`SELECT id FROM inbound_requests WHERE reference = ${reference} FOR UPDATE`;
  const id = rows[0]?.id;
  if (id === undefined) throw new CaseNotFound(reference);
  const req = (await load(tx, id))!;
  if (expectedVersion !== undefined && req.version !== expectedVersion) {
    throw new CaseConflict(refusal("changed-meanwhile", { reference, state: req.state, outcome: req.outcome }));
  }
  if (!allowedStates.includes(req.state)) {
    throw new CaseConflict(refusal("no-longer-applies", { reference, state: req.state, outcome: req.outcome }));
  }
  // A follow-up waiting with its case is decided with that case, never apart from it.
  const theCase = await caseOf(tx, req);
  if (theCase) throw new CaseInvalid(refusal("part-of-case", { reference, case: theCase }));
  return req;
}

/** Runs a staff action and turns the case errors above into ActionResult values. */
export async function asResult<T extends object>(
  run: () => Promise<T>,
): Promise<
  | ({ kind: "ok" } & T)
  | { kind: "not-found" }
  | { kind: "conflict"; message: string; refusal: Refusal }
  | { kind: "invalid"; message: string; refusal?: Refusal }
  | { kind: "not_eligible"; message: string; refusal: Refusal }
> {
  try {
    return { kind: "ok", ...(await run()) };
  } catch (err) {
    if (err instanceof CaseNotFound) return { kind: "not-found" };
    if (err instanceof CaseConflict) return { kind: "conflict", message: err.message, refusal: err.refusal };
    if (err instanceof CaseInvalid) return { kind: "invalid", message: err.message, refusal: err.refusal };
    if (err instanceof CaseNotEligible) return { kind: "not_eligible", message: err.message, refusal: err.refusal };
    // No outbox row without exactly one valid recipient: the action says why instead (issue 15.4).
    if (err instanceof RecipientRefused) return { kind: "invalid", message: err.message };
    throw err;
  }
}
