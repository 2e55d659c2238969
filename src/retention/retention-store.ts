// The SQL side of retention (issue 19): the facts the plan decides on, and the statements that
// carry a decision out. A person is their lower-cased address: a user's address when the request
// is matched to one, else the sender's (senders not on record are kept and purged the same way).
// Arrival in the mailbox is the clock: `received_at` (IMAP INTERNALDATE since issue 15; when
// pinmail took the mail is `taken_at`).
import type { PersonFact, RawMailFact } from "../core/retention-plan.js";
import { OPEN_STATES } from "../core/retention-plan.js";
import { prismaQueryable, sql, type Queryable, type Sql } from "../store/sql.js";
import type { Db } from "../store/prisma.js";

export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

export const queryableOf = (db: Pick<Db, "$queryRawUnsafe">): Queryable => prismaQueryable(db);

const ARRIVAL = sql`r.received_at`;
const PERSON = sql`COALESCE(u.email, r.sender)`;

interface RawRow {
  id: number;
  reference: string;
  state: string;
  arrived_at: Date;
  held: boolean;
}

/** Requests whose raw source is still kept and that arrived before `cutoff` (`ids`: only these, row-locked). */
export async function loadRawMailFacts(q: Queryable, cutoff: Date, ids?: number[]): Promise<RawMailFact[]> {
  const only = ids ? sql` AND r.id = ANY(${ids}::int[])` : sql``;
  const lock = ids ? sql` FOR UPDATE OF r` : sql``;
  const rows = await q.query<RawRow>(sql`
    SELECT r.id, r.reference, r.state, ${ARRIVAL} AS arrived_at,
           EXISTS (SELECT 1 FROM legal_holds h WHERE h.request_id = r.id OR h.email = ${PERSON} OR h.email = r.sender) AS held
      FROM inbound_requests r LEFT JOIN portal_users u ON u.id = r.user_id
     WHERE r.raw_purged_at IS NULL AND ${ARRIVAL} < ${cutoff}${only}
     ORDER BY r.id${lock}`);
  return rows.map((r) => ({ id: r.id, reference: r.reference, state: r.state, arrivedAt: new Date(r.arrived_at), held: r.held }));
}

interface PersonRow {
  key: string;
  last_activity_at: Date;
  open: boolean;
  held: boolean;
}

/**
 * People whose last activity (a request's arrival, a PIN issued or used, a sign-in from the feed)
 * is before `cutoff`. Staff events about a person (a hold, an export) are history but not their
 * activity; someone whose history has no dated activity counts from when the records file added
 * them, or else from the newest such event.
 */
export async function loadPersonFacts(q: Queryable, cutoff: Date, keys?: string[]): Promise<PersonFact[]> {
  // For a batch, every branch is narrowed by an index (sender, user_id, email) instead of
  // filtering the whole history afterwards.
  const only = keys ? sql` WHERE a.key = ANY(${keys}::text[])` : sql``;
  const users = keys ? sql`(SELECT id FROM portal_users WHERE email = ANY(${keys}::text[]))` : null;
  const reqOf = users && keys ? sql` AND (r.sender = ANY(${keys}::text[]) OR r.user_id IN ${users})` : sql``;
  const userOf = (col: Sql) => (users ? sql` AND ${col} IN ${users}` : sql``);
  const eventOf = users && keys ? sql` AND (e.user_id IN ${users} OR e.detail->>'email' = ANY(${keys}::text[]))` : sql``;
  const rows = await q.query<PersonRow>(sql`
    WITH acts AS (
      SELECT ${PERSON} AS key, ${ARRIVAL} AS at, NULL::timestamptz AS noted, r.state = ANY(${[...OPEN_STATES]}::text[]) AS open,
             EXISTS (SELECT 1 FROM legal_holds h WHERE h.request_id = r.id) AS held
        FROM inbound_requests r LEFT JOIN portal_users u ON u.id = r.user_id
       WHERE ${PERSON} <> ''${reqOf}
      UNION ALL
      SELECT u.email, GREATEST(p.issued_at, p.used_at), NULL, false, false FROM pins p JOIN portal_users u ON u.id = p.user_id WHERE true${userOf(sql`p.user_id`)}
      UNION ALL
      SELECT u.email, NULL, s.sent_at, false, false FROM reminders_sent s JOIN portal_users u ON u.id = s.user_id WHERE true${userOf(sql`s.user_id`)}
      UNION ALL
      SELECT COALESCE(u.email, e.detail->>'email'), NULL, e.at, false, false
        FROM audit_events e LEFT JOIN portal_users u ON u.id = e.user_id
       WHERE e.request_id IS NULL AND (e.user_id IS NOT NULL OR e.detail ? 'email')${eventOf}
    )
    SELECT a.key,
           COALESCE(GREATEST(max(a.at), max(u.last_sign_in_at)), max(u.created_at), max(a.noted)) AS last_activity_at,
           bool_or(a.open) AS open,
           bool_or(a.held) OR EXISTS (SELECT 1 FROM legal_holds h WHERE h.email = a.key) AS held
      FROM acts a LEFT JOIN portal_users u ON u.email = a.key${only}
     GROUP BY a.key
    HAVING COALESCE(GREATEST(max(a.at), max(u.last_sign_in_at)), max(u.created_at), max(a.noted)) < ${cutoff}
     ORDER BY a.key`);
  return rows.map((r) => ({ key: r.key, lastActivityAt: new Date(r.last_activity_at), open: r.open, held: r.held }));
}

/** Removes the raw source and the stored reply bodies of these requests (decided by the plan). */
export async function purgeRawMail(q: Queryable, ids: number[], now: Date): Promise<number> {
  if (!ids.length) return 0;
  const done = await q.query<{ id: number }>(sql`
    UPDATE inbound_requests SET raw_source = ''::bytea, raw_purged_at = ${now}
     WHERE id = ANY(${ids}::int[]) AND raw_purged_at IS NULL RETURNING id`);
  // A PIN reply's clear copy is already gone once sent; the masked copies go now too.
  await q.query(sql`
    UPDATE outbound_messages SET masked_text = '', masked_html = '', encrypted = NULL
     WHERE request_id = ANY(${done.map((d) => d.id)}::int[]) AND status <> 'pending'`);
  return done.length;
}

export interface HistoryRemoved {
  requests: number;
  replies: number;
  pins: number;
  reminders: number;
  events: number;
}

/**
 * Deletes everything pinmail's history holds about these people: requests, replies, PIN history,
 * reminders and events. Users and organizations from the records file stay. Only requests that
 * exist when the ids are read go, and with `arrivedBefore` (the purge) only those that arrived
 * before it, so a request that arrives meanwhile is kept with its own rows. Each statement can use
 * an index (no OR across tables), so a batch's transaction stays short.
 */
export async function deleteHistory(q: Queryable, keys: string[], arrivedBefore?: Date): Promise<HistoryRemoved> {
  const none = { requests: 0, replies: 0, pins: 0, reminders: 0, events: 0 };
  if (!keys.length) return none;
  const users = (await q.query<{ id: number }>(sql`SELECT id FROM portal_users WHERE email = ANY(${keys}::text[])`)).map((u) => u.id);
  const before = arrivedBefore ? sql` AND r.received_at < ${arrivedBefore}` : sql``;
  const requests = (
    await q.query<{ id: number }>(sql`
      SELECT r.id FROM inbound_requests r WHERE (r.user_id = ANY(${users}::int[]) OR r.sender = ANY(${keys}::text[]))${before}
         AND NOT EXISTS (SELECT 1 FROM legal_holds h WHERE h.request_id = r.id) FOR UPDATE OF r`)
  ).map((r) => r.id);
  const count = async (s: ReturnType<typeof sql>) => (await q.query<{ n: number }>(sql`WITH d AS (${s} RETURNING 1) SELECT count(*)::int AS n FROM d`))[0]!.n;
  const events =
    (await count(sql`DELETE FROM audit_events e WHERE e.request_id = ANY(${requests}::int[])`)) +
    (await count(
      sql`DELETE FROM audit_events e WHERE e.request_id IS NULL AND (e.user_id = ANY(${users}::int[]) OR e.detail->>'email' = ANY(${keys}::text[]))`,
    ));
  // Addresses are stored lower-cased (senders and users alike), so the index on to_address serves.
  const replies =
    (await count(sql`DELETE FROM outbound_messages o WHERE o.request_id = ANY(${requests}::int[])`)) +
    (await count(sql`DELETE FROM outbound_messages o WHERE o.request_id IS NULL AND o.user_id = ANY(${users}::int[])`)) +
    (await count(sql`DELETE FROM outbound_messages o WHERE o.request_id IS NULL AND o.to_address = ANY(${keys}::text[])`));
  const pins = await count(sql`DELETE FROM pins p WHERE p.user_id = ANY(${users}::int[]) AND (p.request_id IS NULL OR p.request_id = ANY(${requests}::int[]))`);
  const reminders = await count(sql`DELETE FROM reminders_sent s WHERE s.user_id = ANY(${users}::int[])`);
  const deleted = await count(sql`DELETE FROM inbound_requests WHERE id = ANY(${requests}::int[])`);
  return { requests: deleted, replies, pins, reminders, events };
}

/** Lockout counters of the enrollment API older than the records clock (they name a person). */
export async function deleteOldEnrollmentAttempts(q: Queryable, cutoff: Date): Promise<number> {
  return (await q.query<{ n: number }>(sql`WITH d AS (DELETE FROM enrollment_attempts WHERE at < ${cutoff} RETURNING 1) SELECT count(*)::int AS n FROM d`))[0]!
    .n;
}
