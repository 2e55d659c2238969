// Sealed copies: a pending reply that carries a PIN is stored encrypted (seal.ts) so that every
// delivery attempt sends the same PIN. The copy lives only while it can still be delivered
// (issue 13.10): it is dropped when the reply is sent (markSent), refused for good
// (markUndeliverable), given up after its retries, discarded by staff, and, by the sweep below,
// once the PIN it carries has expired.
import { sql, type Queryable } from "../store/sql.js";

/** Replies whose content is a PIN: without their sealed copy they must not be sent at all. */
export const PIN_TEMPLATES: readonly string[] = ["pin-issued", "follow-up-pin-issued"];

/** A reply to a request (not a test mail or reminder) rendered from a PIN template carries a real PIN. */
export function carriesPin(row: { purpose: string; template: string }): boolean {
  return (row.purpose === "reply" || row.purpose === "decision") && PIN_TEMPLATES.includes(row.template);
}

const DAY = 86_400_000;

/**
 * Drops every sealed copy whose PIN is past its expiry: the PIN linked to the reply's request has
 * expired, or the copy is older than PIN_TTL_DAYS (its PIN was issued with it). Returns how many.
 */
export async function sweepSealedCopies(q: Queryable, now: Date, pinTtlDays: number): Promise<number> {
  const issuedBefore = new Date(now.getTime() - pinTtlDays * DAY);
  const rows = await q.query<{ id: number }>(sql`
    UPDATE outbound_messages m SET encrypted = NULL, updated_at = ${now}
    WHERE m.encrypted IS NOT NULL
      AND (m.created_at < ${issuedBefore}
           OR EXISTS (SELECT 1 FROM pins p WHERE p.request_id = m.request_id AND p.expires_at <= ${now}))
    RETURNING m.id`);
  return rows.length;
}
