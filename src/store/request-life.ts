// A request's life (inbound_requests.state and what goes with it: outcome, due date, reasons,
// decided/answered times, version), written here and nowhere else. Each move has a name, checks
// the state it leaves against core/request-states.ts, bumps the row's version (staff actions
// compare it) and writes its audit event in the same statement. They run on a Queryable, so
// inside the caller's transaction whether that is a plain pg client or a Prisma transaction.
// The two moves on every request's path (decided, answered) are SQL fragments the hot path's
// combined statements embed (verify/finish-verification.ts, outbox/deliver.ts): no extra round trip.
import { reviewDueFrom } from "../core/review-due.js";
import { canMove, statesMovingTo, type RequestState } from "../core/request-states.js";
import { sql, type Queryable, type Sql } from "./sql.js";

/** The audit event a move writes (it never holds a PIN). */
export interface LifeEvent {
  type: string;
  actor: string;
  detail?: Record<string, unknown>;
  userId?: number | null;
}

/** Why a request waits in review, and whether its sender may be told so (false: silent review, old mail). */
export interface ReviewReason {
  reason: string;
  acknowledged: boolean;
}

export interface Moved {
  id: number;
  /** The row's version after the move. */
  version: number;
}

interface Move {
  id: number;
  from: readonly RequestState[];
  to: RequestState;
  /** The other columns the move writes, each fragment starting with a comma. */
  set: Sql[];
  now: Date;
  /** Staff saw this version: the move does not happen when someone changed the request since. */
  expectedVersion?: number;
}

/** A move core/request-states.ts does not list: a programming error, caught before any SQL runs. */
export class IllegalMove extends Error {
  override name = "IllegalMove";
}

function checked(from: readonly RequestState[], to: RequestState): readonly RequestState[] {
  const bad = from.filter((f) => !canMove(f, to));
  if (bad.length) throw new IllegalMove(`a request does not move from ${bad.join(", ")} to ${to} (core/request-states.ts)`);
  return from;
}

function updateSql(m: Move): Sql {
  const version = m.expectedVersion === undefined ? sql`` : sql` AND version = ${m.expectedVersion}::int`;
  const set = m.set.reduce((acc, s) => sql`${acc}${s}`, sql``);
  return sql`UPDATE inbound_requests SET state = ${m.to}${set}, version = version + 1, updated_at = ${m.now}
      WHERE id = ${m.id}::int AND state = ANY(${checked(m.from, m.to)}::text[])${version}
      RETURNING id, version`;
}

/**
 * One statement: the move and its event. The event is written only when the request moved,
 * unless `always` (an event about something else that happened anyway, e.g. a reply given up
 * on, whatever state the request had reached meanwhile).
 */
async function move(q: Queryable, m: Move, event: LifeEvent | null, opts: { always?: boolean } = {}): Promise<Moved | null> {
  const insert = event
    ? sql`, event AS (
        INSERT INTO audit_events (request_id, user_id, type, actor, detail, at)
        SELECT ${m.id}::int, ${event.userId ?? null}::int, ${event.type}, ${event.actor}, ${JSON.stringify(event.detail ?? {})}::jsonb, clock_timestamp()
        WHERE ${opts.always ?? false}::boolean OR EXISTS (SELECT 1 FROM moved))`
    : sql``;
  const rows = await q.query<Moved>(sql`WITH moved AS (${updateSql(m)})${insert} SELECT id, version FROM moved`);
  return rows[0] ?? null;
}

const reviewColumns = (r: ReviewReason | null) => sql`, review_reason = ${r?.reason ?? null}, review_acknowledged = ${r?.acknowledged ?? true}::boolean`;

/**
 * To review, for staff to decide: a reply refused for good or given up on, or a request staff
 * reopen. Due 3 business days from now (core/review-due.ts).
 */
export function sendToReview(
  q: Queryable,
  i: { id: number; reason: string; now: Date; event: LifeEvent; from?: readonly RequestState[]; assignedToId?: number; always?: boolean },
): Promise<Moved | null> {
  const assign = i.assignedToId === undefined ? sql`` : sql`, assigned_to_id = ${i.assignedToId}::int`;
  return move(
    q,
    {
      id: i.id,
      from: i.from ?? statesMovingTo("review"),
      to: "review",
      set: [reviewColumns({ reason: i.reason, acknowledged: true }), sql`, due_at = ${reviewDueFrom(i.now)}`, assign],
      now: i.now,
    },
    i.event,
    { always: i.always },
  );
}

/** Staff decided a case in review and a reply is on its way (approve, reject). */
export function startProcessing(q: Queryable, i: { id: number; outcome: string; userId?: number; now: Date; event: LifeEvent }): Promise<Moved | null> {
  const user = i.userId === undefined ? sql`` : sql`, user_id = ${i.userId}::int`;
  return move(
    q,
    { id: i.id, from: ["review"], to: "processing", set: [sql`, outcome = ${i.outcome}, decided_at = ${i.now}, due_at = NULL`, user], now: i.now },
    i.event,
  );
}

/**
 * Not answered: a case staff close without a reply (review, with its outcome), or a message
 * re-processed from the attention folder that is still nothing to answer (failed).
 */
export function markIgnored(
  q: Queryable,
  i: { id: number; from: "review" | "failed"; reason: string; now: Date; event: LifeEvent; outcome?: string; expectedVersion?: number },
): Promise<Moved | null> {
  const decided = i.from === "review" ? sql`, outcome = ${i.outcome ?? null}, decided_at = ${i.now}, due_at = NULL` : sql``;
  return move(
    q,
    { id: i.id, from: [i.from], to: "ignored", set: [sql`, ignored_reason = ${i.reason}`, decided], now: i.now, expectedVersion: i.expectedVersion },
    i.event,
  );
}

/**
 * Verification could not run (retries exhausted, or staff discarded its job): the request waits
 * in the failed list. `event` null when the caller records its own (staff discarding a job).
 */
export function markFailed(q: Queryable, i: { id: number; reason: string; now: Date; event: LifeEvent | null; always?: boolean }): Promise<Moved | null> {
  return move(q, { id: i.id, from: ["received"], to: "failed", set: [sql`, ignored_reason = ${i.reason}`], now: i.now }, i.event, { always: i.always });
}

/**
 * Back to `received`, for verification to run again: staff corrected the name of a case in
 * review, or re-processed a message from the attention folder (with the review reason its new
 * reading gave). The caller writes the re-read facts and runs verification.
 */
export function requeue(
  q: Queryable,
  i: { id: number; from: "review" | "failed"; review: ReviewReason | null; now: Date; event: LifeEvent; expectedVersion?: number },
): Promise<Moved | null> {
  return move(
    q,
    {
      id: i.id,
      from: [i.from],
      to: "received",
      set: [sql`, outcome = NULL, due_at = NULL, ignored_reason = NULL`, reviewColumns(i.review)],
      now: i.now,
      expectedVersion: i.expectedVersion,
    },
    i.event,
  );
}

/** A follow-up that waited with its case is settled with it (the case was decided). */
export function answerWithCase(q: Queryable, i: { id: number; outcome: string; now: Date; event: LifeEvent }): Promise<Moved | null> {
  return move(
    q,
    {
      id: i.id,
      from: ["review"],
      to: "answered",
      set: [sql`, outcome = ${i.outcome}, decided_at = ${i.now}, answered_at = ${i.now}, due_at = NULL`],
      now: i.now,
    },
    i.event,
  );
}

/** What verification decided, written by decidedSql. */
export interface RequestDecided {
  id: number;
  state: "processing" | "review" | "ignored";
  outcome: string | null;
  userId: number | null;
  decidedAt: Date;
  /** `undefined` keeps the request's current due date (a follow-up joining a case in review). */
  dueAt: Date | null | undefined;
  parentId: number | null;
  ignoredReason: string | null;
  review: ReviewReason | null;
}

/**
 * Verification's move out of `received`, as a fragment for its one combined statement (the
 * caller holds the row lock and writes the audit events in that same statement).
 */
export function decidedSql(d: RequestDecided): Sql {
  const now = d.decidedAt;
  return updateSql({
    id: d.id,
    from: ["received"],
    to: d.state,
    set: [
      sql`, outcome = ${d.outcome}, user_id = ${d.userId}::int, decided_at = ${now}`,
      sql`, due_at = CASE WHEN ${d.dueAt === undefined}::boolean THEN due_at ELSE ${d.dueAt ?? null}::timestamptz(3) END`,
      sql`, parent_id = ${d.parentId}::int, ignored_reason = ${d.ignoredReason}`,
      reviewColumns(d.review),
    ],
    now,
  });
}

/**
 * The reply was delivered: the request is answered. A fragment for delivery's one statement
 * (which also marks the outbox row sent and writes the `reply-sent` event); only a request
 * waiting for that reply (processing) moves.
 */
export function answeredSql(requestId: number | null, now: Date): Sql {
  return sql`UPDATE inbound_requests SET state = 'answered', answered_at = ${now}, version = version + 1, updated_at = ${now}
      WHERE id = ${requestId}::int AND state = ANY(${checked(["processing"], "answered")}::text[])`;
}
