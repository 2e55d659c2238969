// The last write of a verification, as ONE statement: the reply's outbox row (when there is
// one), the request's decided state and the transaction's audit events. Each was a Prisma call
// and a round trip of its own, on every request's path. Column names follow prisma/schema.prisma;
// the request's move is store/request-life.ts's (decidedSql).
import type { AuditTrail } from "../store/audit.js";
import { decidedSql, type RequestDecided } from "../store/request-life.js";
import { sql, type Queryable } from "../store/sql.js";
import type { PreparedReply } from "../outbox/queue-reply.js";

/** Returns the new outbox row's id, or null without a reply. */
export async function finishVerification(q: Queryable, decided: RequestDecided, reply: PreparedReply | null, audit: AuditTrail): Promise<number | null> {
  const now = decided.decidedAt;
  const events = JSON.stringify(audit.take().map((e) => ({ request_id: e.requestId, user_id: e.userId, type: e.type, actor: e.actor, detail: e.detail })));
  const replyCte = reply
    ? sql`reply AS (
        INSERT INTO outbound_messages (dedupe_key, request_id, user_id, purpose, template, locale, to_address, message_id, subject, headers,
                                       encrypted, masked_text, masked_html, status, updated_at)
        VALUES (${reply.dedupeKey}, ${reply.requestId}, ${reply.userId}, ${reply.purpose}, ${reply.template}, ${reply.locale}, ${reply.toAddress},
                ${reply.messageId}, ${reply.subject}, ${JSON.stringify(reply.headers)}::jsonb, ${reply.encrypted}, ${reply.maskedText},
                ${reply.maskedHtml}, ${reply.status}, ${now})
        RETURNING id)`
    : sql`reply AS (SELECT NULL::int AS id WHERE false)`;
  const rows = await q.query<{ id: number }>(sql`
    WITH ${replyCte},
    decided AS (${decidedSql(decided)}),
    events AS (
      INSERT INTO audit_events (request_id, user_id, type, actor, detail)
      SELECT x.request_id, x.user_id, x.type, x.actor, x.detail
      FROM ROWS FROM (jsonb_to_recordset(${events}::jsonb) AS (request_id int, user_id int, type text, actor text, detail jsonb))
           WITH ORDINALITY AS x(request_id, user_id, type, actor, detail, n)
      ORDER BY x.n
    )
    SELECT id FROM reply`);
  return rows[0]?.id ?? null;
}
