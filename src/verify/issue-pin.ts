// Issuing a PIN inside a caller's transaction: the user's outstanding PINs stop working, the new
// one is stored only as a keyed hash, and the audit trail says so (never the PIN). Shared by the
// pipeline's verification and by staff approving a case.
import { generatePin, hashPin, keyIdFor } from "../core/pin.js";
import { recordEvent, type AuditTrail } from "../store/audit.js";
import type { Db } from "../store/prisma.js";
import { prismaQueryable, sql, type Queryable } from "../store/sql.js";

export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

export interface PinSettings {
  pinSecret: string;
  pinLength: number;
  pinTtlDays: number;
}

const DAY = 86_400_000;

export interface PinToIssue {
  userId: number;
  requestId: number;
  reference: string;
  now: Date;
  /** `false`: the caller knows no PIN is linked to the request. */
  linked?: boolean;
}

export async function issuePin(
  tx: Tx,
  settings: PinSettings,
  i: PinToIssue & { actor: string; audit?: AuditTrail },
): Promise<{ pin: string; expiresAt: Date }> {
  const { pin, expiresAt, detail } = await writePin(prismaQueryable(tx), settings, i);
  if (i.audit) i.audit.add(i.requestId, "pin-issued", i.actor, detail, i.userId);
  else await recordEvent(tx, i.requestId, "pin-issued", i.actor, detail, i.userId);
  return { pin, expiresAt };
}

/** Stores a new PIN (hash only) and revokes the user's outstanding ones; `detail` is the audit event's (never the PIN). */
export async function writePin(q: Queryable, settings: PinSettings, i: PinToIssue): Promise<{ pin: string; expiresAt: Date; detail: Record<string, unknown> }> {
  const pin = generatePin(settings.pinLength);
  const expiresAt = new Date(i.now.getTime() + settings.pinTtlDays * DAY);
  // A request holds one PIN link; a staff re-issue on a reopened case moves the link to the new one
  // (the earlier PIN keeps its user, its history and its revocation). `linked: false` says the
  // caller knows there is none.
  if (i.linked !== false) await q.query(sql`UPDATE pins SET request_id = NULL WHERE request_id = ${i.requestId}`);
  // Revoking the outstanding PINs and storing the new one is one statement: the UPDATE works on
  // the statement's snapshot, so it cannot touch the row inserted beside it. The INSERT draws its
  // row from the UPDATE's count, so the revocation has run to completion before the new row meets
  // the one-live-PIN-per-person index (issue 13.9); sibling CTEs otherwise run in no set order.
  const [row] = await q.query<{ revoked: number }>(sql`
    WITH revoked AS (
      UPDATE pins SET revoked_at = ${i.now}, revoked_reason = ${`replaced by ${i.reference}`}
      WHERE user_id = ${i.userId} AND used_at IS NULL AND revoked_at IS NULL
      RETURNING 1
    ),
    counted AS (SELECT count(*)::int AS revoked FROM revoked),
    issued AS (
      INSERT INTO pins (user_id, request_id, hash, key_id, issued_at, expires_at)
      SELECT ${i.userId}::int, ${i.requestId}::int, ${hashPin(pin, settings.pinSecret)}, ${keyIdFor(settings.pinSecret)}, ${i.now}::timestamptz(3), ${expiresAt}::timestamptz(3)
      FROM counted
      RETURNING id
    )
    SELECT counted.revoked FROM counted, issued`);
  const detail = { expiresAt: expiresAt.toISOString(), revokedEarlier: row!.revoked };
  return { pin, expiresAt, detail };
}
