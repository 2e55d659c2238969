// Takes analysed messages into the ledger: one row per message (keyed by Message-ID), the
// verification job for requests, and bounce bookkeeping. Returns where each message goes in the
// mailbox. Runs before anything in the mailbox is touched, so a crash here only means the next
// sweep sees the same messages again and finds their rows.
import { makeReference } from "../core/reference.js";
import type { Analysis, MessageFacts } from "../pipeline/analyse-message.js";
import type { Producers } from "../jobs/producers.js";
import type { Db, Prisma } from "../store/prisma.js";
import { markUndeliverable } from "../outbox/deliver.js";
import { recordEvent } from "../store/audit.js";
import { START_STATES } from "../core/request-states.js";

export interface IncomingMessage {
  uid: number;
  raw: Buffer;
  analysis: Analysis;
}

export type Disposition = "processed" | "attention" | "left";

export interface IntakeContext {
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
    rawSource: new Uint8Array(m.raw),
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

/** Inserts the row unless a row with the same message key exists; returns its id either way. */
type NewRow = Omit<Prisma.InboundRequestCreateManyInput, "reference">;
type Stored = { id: number; created: boolean };

/**
 * Stores a batch in a few statements (one lookup, one multi-row insert) instead of several per
 * message: the reader holds the mailbox while it runs, so this is on every request's path.
 */
async function ensureRows(ctx: IntakeContext, rows: readonly NewRow[]): Promise<Map<string, Stored>> {
  const stored = new Map<string, Stored>();
  if (!rows.length) return stored;
  const findExisting = async (keys: string[]) => {
    const found = await ctx.db.inboundRequest.findMany({ where: { messageKey: { in: keys } }, select: { id: true, messageKey: true } });
    for (const f of found) stored.set(f.messageKey, { id: f.id, created: false });
  };
  await findExisting([...new Set(rows.map((r) => r.messageKey))]);
  // The same Message-ID twice in one batch is one row.
  let pending = [...new Map(rows.filter((r) => !stored.has(r.messageKey)).map((r) => [r.messageKey, r])).values()];
  for (let attempt = 0; attempt < 8 && pending.length; attempt++) {
    const created = await ctx.db.inboundRequest.createManyAndReturn({
      data: pending.map((r) => ({ ...r, reference: makeReference(ctx.now()) })),
      skipDuplicates: true,
      select: { id: true, messageKey: true },
    });
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

type AuditRow = { requestId: number; type: string; actor: string; detail: Prisma.InputJsonValue };

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
            } as Prisma.InputJsonValue,
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
  if (events.length) await ctx.db.auditEvent.createMany({ data: events });

  for (const m of records) {
    const a = m.analysis as Extract<Analysis, { action: "record" }>;
    // "record": automatic mail about one of our replies, or our own mail coming back.
    const related = a.relatedMessageIds.length
      ? await ctx.db.outboundMessage.findFirst({ where: { messageId: { in: a.relatedMessageIds } }, select: { id: true, requestId: true, status: true } })
      : null;
    const row = await ensureRow(ctx, {
      ...baseRow(ctx, m, a.facts),
      state: START_STATES.automatic,
      disposition: "processed",
      ignoredReason: a.reason,
      parentId: related?.requestId ?? null,
    });
    if (row.created && related?.requestId) {
      await recordEvent(ctx.db, related.requestId, a.bounce ? "reply-bounced" : "auto-reply-received", "pinmail", { reason: a.reason, inboundId: row.id });
      if (a.bounce) await markUndeliverable(ctx.db, related.id, related.requestId, "bounced (delivery report received)", ctx.now());
    }
    result.set(m.uid, "processed");
  }
  if (toQueue.length) await ctx.producers.verifyRequests([...new Set(toQueue)]);
  return result;
}
