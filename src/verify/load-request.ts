// The reads of a verification, shaped for its hot path: one statement locks the request and
// reads what the decision needs; one reads the sender's record (organization, branch, primary
// user) and the rate-limit counts, after the per-address lock, so it sees every earlier PIN and
// reply to the same person. Raw SQL because each Prisma `include` or `count` is a round trip of
// its own; column names follow prisma/schema.prisma.
import { sql, type Queryable } from "../store/sql.js";

export interface LockedRequest {
  id: number;
  state: string;
  sender: string;
  kind: string | null;
  reference: string;
  subject: string;
  messageId: string | null;
  /** When the mail arrived in the mailbox. */
  receivedAt: Date;
  /** When pinmail took the mail: review due dates count from here. */
  takenAt: Date;
  reviewReason: string | null;
  /** False when intake sent the request to review silently (old mail): no reply at all. */
  reviewAcknowledged: boolean;
  /** Sender authentication read at intake: pass | fail | none (null on older rows). */
  senderAuth: string | null;
  language: string | null;
  parsedFirstName: string | null;
  parsedLastName: string | null;
  parsedFullName: string | null;
  /** A PIN is linked to this request already (a staff re-run). */
  hasPin: boolean;
}

/**
 * Locks the request's row (serialising retries and duplicate jobs of it) and its sender's
 * address (so concurrent requests from one person see each other's PINs and replies, in the
 * statements that follow: READ COMMITTED takes a new snapshot per statement).
 */
export async function lockRequest(q: Queryable, id: number): Promise<LockedRequest | null> {
  const rows = await q.query<LockedRequest & { locked: unknown }>(sql`
    SELECT id, state, sender, kind, reference, subject, message_id AS "messageId", received_at AS "receivedAt", taken_at AS "takenAt", review_reason AS "reviewReason",
           review_acknowledged AS "reviewAcknowledged", sender_auth AS "senderAuth", language,
           parsed_first_name AS "parsedFirstName", parsed_last_name AS "parsedLastName", parsed_full_name AS "parsedFullName",
           EXISTS (SELECT 1 FROM pins WHERE request_id = ${id}) AS "hasPin",
           pg_advisory_xact_lock(hashtext('pinmail:addr:' || lower(sender)))::text AS locked
    FROM inbound_requests WHERE id = ${id} FOR UPDATE`);
  const row = rows[0];
  if (!row) return null;
  const { locked: _locked, ...req } = row;
  return req;
}

export interface RecordUser {
  id: number;
  organizationId: number;
  role: string;
  firstName: string;
  lastName: string;
  email: string;
  locale: string | null;
  active: boolean;
  lastSignInAt: Date | null;
  createdAt: Date;
  organization: { name: string; active: boolean };
  branch: { name: string } | null;
  /** The organization's active primary user's last sign-in (or creation), null without one. */
  primaryActiveSince: Date | null;
}

export interface SenderFacts {
  user: RecordUser | null;
  pinsLast24h: number;
  repliesToAddressLast24h: number;
  rateLimitedReplyLast24h: boolean;
}

/** One row: the user's own columns (all null when nobody has the address), joined names, counts. */
type FactsRow = Omit<RecordUser, "id" | "organization" | "branch"> & {
  id: number | null;
  organizationName: string;
  organizationActive: boolean;
  branchName: string | null;
  pinsLast24h: number;
  repliesLast24h: number;
  rateLimitedLast24h: boolean;
};

export async function senderFacts(q: Queryable, sender: string, since: Date): Promise<SenderFacts> {
  const rows = await q.query<FactsRow>(sql`
    SELECT u.id, u.organization_id AS "organizationId", u.role, u.first_name AS "firstName", u.last_name AS "lastName", u.email,
           u.locale, u.active, u.last_sign_in_at AS "lastSignInAt", u.created_at AS "createdAt",
           o.name AS "organizationName", o.active AS "organizationActive", b.name AS "branchName",
           (SELECT coalesce(p.last_sign_in_at, p.created_at) FROM portal_users p
             WHERE p.organization_id = u.organization_id AND p.role = 'primary' AND p.active ORDER BY p.id LIMIT 1) AS "primaryActiveSince",
           (SELECT count(*) FROM pins WHERE user_id = u.id AND issued_at >= ${since})::int AS "pinsLast24h",
           (SELECT count(*) FROM outbound_messages
             WHERE to_address = ${sender} AND created_at >= ${since} AND purpose IN ('reply', 'decision'))::int AS "repliesLast24h",
           EXISTS (SELECT 1 FROM outbound_messages
             WHERE to_address = ${sender} AND template = 'rate-limited' AND created_at >= ${since}) AS "rateLimitedLast24h"
    FROM (SELECT 1) AS one
    LEFT JOIN portal_users u ON u.email = ${sender}
    LEFT JOIN organizations o ON o.id = u.organization_id
    LEFT JOIN branches b ON b.id = u.branch_id`);
  const r = rows[0]!;
  const user: RecordUser | null =
    r.id === null
      ? null
      : {
          id: r.id,
          organizationId: r.organizationId,
          role: r.role,
          firstName: r.firstName,
          lastName: r.lastName,
          email: r.email,
          locale: r.locale,
          active: r.active,
          lastSignInAt: r.lastSignInAt,
          createdAt: r.createdAt,
          organization: { name: r.organizationName, active: r.organizationActive },
          branch: r.branchName === null ? null : { name: r.branchName },
          primaryActiveSince: r.primaryActiveSince,
        };
  return { user, pinsLast24h: r.pinsLast24h, repliesToAddressLast24h: r.repliesLast24h, rateLimitedReplyLast24h: r.rateLimitedLast24h };
}
