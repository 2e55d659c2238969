// Every staff action on a case starts here, inside its transaction: the row lock makes two people
// acting at once take turns, and the version the person saw must still be the current one, so
// the second of two simultaneous decisions fails instead of overwriting the first.
import type { Tx } from "../verify/issue-pin.js";
import { RecipientRefused } from "../outbox/compose.js";
import { caseOf } from "./open-cases.js";

export type LockedCase = NonNullable<Awaited<ReturnType<typeof load>>>;

const load = (tx: Tx, id: number) => tx.inboundRequest.findUnique({ where: { id } });

export class CaseConflict extends Error {
  override name = "CaseConflict";
}
export class CaseNotFound extends Error {
  override name = "CaseNotFound";
}
export class CaseInvalid extends Error {
  override name = "CaseInvalid";
}
/** The rules forbid the action for this case, whoever asks (issue 20); the message says why and what to do instead. */
export class CaseNotEligible extends Error {
  override name = "CaseNotEligible";
}

export async function lockCase(tx: Tx, reference: string, expectedVersion: number | undefined, allowedStates: readonly string[]): Promise<LockedCase> {
  const rows = await tx.$queryRaw<Array<{ id: number }>>`SELECT id FROM inbound_requests WHERE reference = ${reference} FOR UPDATE`;
  const id = rows[0]?.id;
  if (id === undefined) throw new CaseNotFound(reference);
  const req = (await load(tx, id))!;
  if (expectedVersion !== undefined && req.version !== expectedVersion) {
    throw new CaseConflict(
      `${reference} was changed by someone else meanwhile (now ${req.state}${req.outcome ? `, ${req.outcome}` : ""}); reload and check before acting`,
    );
  }
  if (!allowedStates.includes(req.state)) {
    throw new CaseConflict(`${reference} is ${req.state}${req.outcome ? ` (${req.outcome})` : ""}, so this action does not apply any more`);
  }
  // A follow-up waiting with its case is decided with that case, never apart from it.
  const theCase = await caseOf(tx, req);
  if (theCase) throw new CaseInvalid(`${reference} is a follow-up that is part of case ${theCase}, which is in review: decide that case`);
  return req;
}

/** Runs a staff action and turns the case errors above into ActionResult values. */
export async function asResult<T extends object>(
  run: () => Promise<T>,
): Promise<
  | ({ kind: "ok" } & T)
  | { kind: "not-found" }
  | { kind: "conflict"; message: string }
  | { kind: "invalid"; message: string }
  | { kind: "not_eligible"; message: string }
> {
  try {
    return { kind: "ok", ...(await run()) };
  } catch (err) {
    if (err instanceof CaseNotFound) return { kind: "not-found" };
    if (err instanceof CaseConflict) return { kind: "conflict", message: err.message };
    if (err instanceof CaseInvalid) return { kind: "invalid", message: err.message };
    if (err instanceof CaseNotEligible) return { kind: "not_eligible", message: err.message };
    // No outbox row without exactly one valid recipient: the action says why instead (issue 15.4).
    if (err instanceof RecipientRefused) return { kind: "invalid", message: err.message };
    throw err;
  }
}
