// Takes analysed messages into the ledger: one row per message (keyed by Message-ID), the
// verification job for requests, and bounce bookkeeping. Returns where each message goes in the
// mailbox. Runs before anything in the mailbox is touched, so a crash here only means the next
// sweep sees the same messages again and finds their rows. Its statements are raw SQL on a
// Queryable (the worker's plain pg pool): on every request's path, and Prisma's typed calls cost
// ~5x the CPU of a plain statement (issue 17). Column names follow prisma/schema.prisma.
import { makeReference } from "../core/reference.js";
import type { Analysis, MessageFacts } from "../pipeline/analyse-message.js";
import type { Producers } from "../jobs/producers.js";
import type { Db } from "../store/prisma.js";
import { markUndeliverable } from "../outbox/deliver.js";
import { START_STATES } from "../core/request-states.js";
import { sql, type Queryable, type Sql } from "../store/sql.js";

export interface IncomingMessage {
  uid: number;
  raw: Buffer;
  analysis: Analysis;
}

export type Disposition = "processed" | "attention" | "left";

export interface IntakeContext {
  /** Runs intake's statements (the worker's pg pool; `prismaQueryable(db)` where only Prisma is at hand). */
  q: Queryable;
  /** For the rare bounce, which marks the reply undeliverable through outbox/deliver.ts. */
  db: Db;
  producers: Producers;
  mailbox: string;
  uidValidity: bigint;
  now: () => Date;
}

function names(a: Extract<Analysis, { action: "take" }>) {
  const n = a.name?.name;
  if (!n) return { parsedFirstName: null, parsedLastName: null, parsedFullName: null, nameSource: null };
  if ("fullName" in n) return { parsedFirstName: null, parsedLastName: null, parsedFullName: n.fullName, nameSource: a.name!.source };
  return { parsedFirstName: n.firstName, parsedLastName: n.lastName, parsedFullName: null, nameSource: a.name!.source };
}

function baseRow(ctx: IntakeContext, m: IncomingMessage, facts: MessageFacts) {
  const takenAt = ctx.now();
  return {
    ...arrival(facts.internalDate, takenAt),
    messageKey: facts.messageKey,
    messageId: facts.messageId,
    mailbox: ctx.mailbox,
    uidValidity: ctx.uidValidity,
    uid: m.uid,
    internalDate: facts.internalDate,
    sender: facts.sender,
    senderName: facts.senderName,
    subject: facts.subject,
    rawSource: m.raw,
    rawSize: m.raw.length,
  };
}

/**
 * Both moments of a mail (issue 15.2): `receivedAt` is when it arrived in the mailbox (the
 * server's INTERNALDATE, what pages and replies call "Received"), `takenAt` when pinmail took it
 * (what due dates count from). A server clock ahead of ours cannot put arrival after taking.
 */
export function arrival(internalDate: Date | null, takenAt: Date): { receivedAt: Date; takenAt: Date } {
  const receivedAt = internalDate && !Number.isNaN(internalDate.getTime()) && internalDate < takenAt ? internalDate : takenAt;
  return { receivedAt, takenAt };
}

/** A row to store; columns a kind of mail does not set are left to their defaults (null, true). */
type NewRow = ReturnType<typeof baseRow> & {
  state: (typeof START_STATES)[keyof typeof START_STATES];
  disposition: "processed" | "attention";
  kind?: string;
  language?: string | null;
  reviewReason?: string | null;
  reviewAcknowledged?: boolean;
  senderAuth?: string;
  senderAuthReason?: string;
  parsedFirstName?: string | null;
  parsedLastName?: string | null;
  parsedFullName?: string | null;
  nameSource?: string | null;
  ignoredReason?: string;
  parentId?: number | null;
};
type Stored = { id: number; created: boolean };

/** One row's VALUES tuple, in the column order of insertRows; typed, so both drivers agree. */
function valuesOf(r: NewRow, reference: string): Sql {
  return sql`(${reference}, ${r.messageKey}, ${r.messageId}, ${r.mailbox}, ${r.uidValidity}::bigint, ${r.uid}::int, ${r.internalDate}::timestamptz(3),
    ${r.sender}, ${r.senderName}, ${r.subject}, ${r.kind ?? null}, ${r.state}, ${r.language ?? null}, ${r.parsedFirstName ?? null},
    ${r.parsedLastName ?? null}, ${r.parsedFullName ?? null}, ${r.nameSource ?? null}, ${r.reviewReason ?? null}, ${r.reviewAcknowledged ?? true}::boolean,
    ${r.disposition}, ${r.ignoredReason ?? null}, ${r.senderAuth ?? null}, ${r.senderAuthReason ?? null}, ${r.parentId ?? null}::int,
    ${r.rawSource}::bytea, ${r.rawSize}::int, ${r.receivedAt}::timestamptz(3), ${r.takenAt}::timestamptz(3))`;
}

/**
 * One multi-row insert; a row whose message key (or, rarely, random reference) is already taken
 * is skipped, as Prisma's `skipDuplicates` did, and not returned.
 */
function insertRows(ctx: IntakeContext, rows: readonly NewRow[]): Promise<Array<{ id: number; messageKey: string }>> {
  const values = rows.map((r) => valuesOf(r, makeReference(ctx.now()))).reduce((acc, v, i) => (i ? sql`${acc}, ${v}` : v));
  return ctx.q.query(sql`
    INSERT INTO inbound_requests (reference, message_key, message_id, mailbox, uid_validity, uid, internal_date, sender, sender_name, subject,
                                  kind, state, language, parsed_first_name, parsed_last_name, parsed_full_name, name_source, review_reason,
                                  review_acknowledged, disposition, ignored_reason, sender_auth, sender_auth_reason, parent_id, raw_source,
                                  raw_size, received_at, taken_at)
    VALUES ${values}
    ON CONFLICT DO NOTHING
    RETURNING id, message_key AS "messageKey"`);
}

/**
 * Stores a batch in a few statements (one lookup, one multi-row insert) instead of several per
 * message: the reader holds the mailbox while it runs, so this is on every request's path.
 */
async function ensureRows(ctx: IntakeContext, rows: readonly NewRow[]): Promise<Map<string, Stored>> {
  const stored = new Map<string, Stored>();
  if (!rows.length) return stored;
  const findExisting = async (keys: string[]) => {
    const found = await ctx.q.query<{ id: number; messageKey: string }>(
      sql`SELECT id, message_key AS "messageKey" FROM inbound_requests WHERE message_key = ANY(${keys}::text[])`,
    );
    for (const f of found) stored.set(f.messageKey, { id: f.id, created: false });
  };
  await findExisting([...new Set(rows.map((r) => r.messageKey))]);
  // The same Message-ID twice in one batch is one row.
  let pending = [...new Map(rows.filter((r) => !stored.has(r.messageKey)).map((r) => [r.messageKey, r])).values()];
  for (let attempt = 0; attempt < 8 && pending.length; attempt++) {
    const created = await insertRows(ctx, pending);
    for (const c of created) stored.set(c.messageKey, { id: c.id, created: true });
    pending = pending.filter((r) => !stored.has(r.messageKey));
    // Skipped: another reader took the same message, or a random reference collided (retried).
    if (pending.length) {
      await findExisting(pending.map((r) => r.messageKey));
      pending = pending.filter((r) => !stored.has(r.messageKey));
    }
  }
  if (pending.length) throw new Error(`could not store message ${pending[0]!.messageKey}: no free reference after 8 attempts`);
  return stored;
}

async function ensureRow(ctx: IntakeContext, data: NewRow): Promise<Stored> {
  return (await ensureRows(ctx, [data])).get(data.messageKey)!;
}

type AuditRow = { requestId: number; type: string; actor: string; detail: Record<string, unknown> };

/** The events in one insert, in the order given (ids and times follow it). */
async function insertEvents(q: Queryable, events: readonly AuditRow[]): Promise<void> {
  const rows = JSON.stringify(events.map((e) => ({ request_id: e.requestId, type: e.type, actor: e.actor, detail: e.detail })));
  await q.query(sql`
    INSERT INTO audit_events (request_id, type, actor, detail)
    SELECT x.request_id, x.type, x.actor, x.detail
    FROM ROWS FROM (jsonb_to_recordset(${rows}::jsonb) AS (request_id int, type text, actor text, detail jsonb))
         WITH ORDINALITY AS x(request_id, type, actor, detail, n)
    ORDER BY x.n`);
}

export async function intake(ctx: IntakeContext, messages: readonly IncomingMessage[]): Promise<Map<number, Disposition>> {
  const result = new Map<number, Disposition>();
  // Requests and mail for staff are stored together; automatic mail about our replies (rare)
  // one by one below, since it also updates the reply it is about.
  const batch: Array<{ uid: number; row: NewRow; disposition: "processed" | "attention"; queue: boolean; events: (id: number) => AuditRow[] }> = [];
  const records: IncomingMessage[] = [];
  for (const m of messages) {
    const a = m.analysis;
    if (a.action === "leave") {
      result.set(m.uid, "left");
    } else if (a.action === "take") {
      batch.push({
        uid: m.uid,
        disposition: "processed",
        queue: true,
        row: {
          ...baseRow(ctx, m, a.facts),
          kind: a.kind,
          language: a.language,
          state: START_STATES.request,
          reviewReason: a.review?.reason ?? null,
          reviewAcknowledged: a.review?.acknowledge ?? true,
          senderAuth: a.auth.status,
          senderAuthReason: a.auth.reason,
          disposition: "processed",
          ...names(a),
        },
        events: (id) => [
          { requestId: id, type: "received", actor: "pinmail", detail: { mailbox: ctx.mailbox, uid: m.uid, size: m.raw.length } },
          {
            requestId: id,
            type: "classified",
            actor: "pinmail",
            detail: {
              kind: a.kind,
              language: a.language,
              name: a.name ? { ...a.name.name, source: a.name.source } : null,
              review: a.review?.reason ?? null,
            },
          },
        ],
      });
    } else if (a.action === "ignore") {
      // A request pinmail will not answer (no single plain sender address): kept, never queued.
      batch.push({
        uid: m.uid,
        disposition: "processed",
        queue: false,
        row: { ...baseRow(ctx, m, a.facts), state: START_STATES.unanswerable, disposition: "processed", ignoredReason: a.reason },
        events: (id) => [{ requestId: id, type: "ignored", actor: "pinmail", detail: { reason: a.reason } }],
      });
    } else if (a.action === "attention") {
      batch.push({
        uid: m.uid,
        disposition: "attention",
        queue: false,
        row: { ...baseRow(ctx, m, a.facts), state: START_STATES.attention, disposition: "attention", ignoredReason: a.reason },
        events: (id) => [{ requestId: id, type: "attention", actor: "pinmail", detail: { reason: a.reason } }],
      });
    } else records.push(m);
  }

  const stored = await ensureRows(
    ctx,
    batch.map((b) => b.row),
  );
  const events: AuditRow[] = [];
  const toQueue: number[] = [];
  const announced = new Set<number>();
  for (const b of batch) {
    const row = stored.get(b.row.messageKey)!;
    if (row.created && !announced.has(row.id)) events.push(...b.events(row.id));
    announced.add(row.id);
    if (b.queue) toQueue.push(row.id);
    result.set(b.uid, b.disposition);
  }
  if (events.length) await insertEvents(ctx.q, events);

  for (const m of records) {
    const a = m.analysis as Extract<Analysis, { action: "record" }>;
    // "record": automatic mail about one of our replies, or our own mail coming back.
    const [related] = a.relatedMessageIds.length
      ? await ctx.q.query<{ id: number; requestId: number | null }>(
          sql`SELECT id, request_id AS "requestId" FROM outbound_messages WHERE message_id = ANY(${a.relatedMessageIds}::text[]) ORDER BY id LIMIT 1`,
        )
      : [];
    const row = await ensureRow(ctx, {
      ...baseRow(ctx, m, a.facts),
      state: START_STATES.automatic,
      disposition: "processed",
      ignoredReason: a.reason,
      parentId: related?.requestId ?? null,
    });
    if (row.created && related?.requestId) {
      await insertEvents(ctx.q, [
        {
          requestId: related.requestId,
          type: a.bounce ? "reply-bounced" : "auto-reply-received",
          actor: "pinmail",
          detail: { reason: a.reason, inboundId: row.id },
        },
      ]);
      if (a.bounce) await markUndeliverable(ctx.db, related.id, related.requestId, "bounced (delivery report received)", ctx.now());
    }
    result.set(m.uid, "processed");
  }
  if (toQueue.length) await ctx.producers.verifyRequests([...new Set(toQueue)]);
  return result;
}
