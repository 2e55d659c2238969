// Takes analysed messages into the ledger: one row per message (keyed by Message-ID), the
// verification job for requests, and bounce bookkeeping. Returns where each message goes in the
// mailbox. Runs before anything in the mailbox is touched, so a crash here only means the next
// sweep sees the same messages again and finds their rows.
import { makeReference } from "../core/reference.js";
import type { Analysis, MessageFacts } from "../pipeline/analyse-message.js";
import type { Producers } from "../queue/producers.js";
import type { Db, Prisma } from "../store/prisma.js";
import { recordEvent } from "../store/audit.js";

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
  return {
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

/** Inserts the row unless a row with the same message key exists; returns its id either way. */
type NewRow = Omit<Prisma.InboundRequestCreateManyInput, "reference">;

async function ensureRow(ctx: IntakeContext, data: NewRow): Promise<{ id: number; created: boolean }> {
  for (let attempt = 0; attempt < 8; attempt++) {
    const existing = await ctx.db.inboundRequest.findUnique({ where: { messageKey: data.messageKey }, select: { id: true } });
    if (existing) return { id: existing.id, created: false };
    const rows = await ctx.db.inboundRequest.createManyAndReturn({
      data: [{ ...data, reference: makeReference(ctx.now()) }],
      skipDuplicates: true,
      select: { id: true },
    });
    // Nothing returned: another reader took the same message, or the random reference collided.
    if (rows[0]) return { id: rows[0].id, created: true };
  }
  throw new Error(`could not store message ${data.messageKey}: no free reference after 8 attempts`);
}

export async function intake(ctx: IntakeContext, messages: readonly IncomingMessage[]): Promise<Map<number, Disposition>> {
  const result = new Map<number, Disposition>();
  const toQueue: number[] = [];
  for (const m of messages) {
    const a = m.analysis;
    if (a.action === "leave") {
      result.set(m.uid, "left");
      continue;
    }
    if (a.action === "take") {
      const row = await ensureRow(ctx, {
        ...baseRow(ctx, m, a.facts),
        kind: a.kind,
        language: a.language,
        state: "received",
        reviewReason: a.review?.reason ?? null,
        disposition: "processed",
        ...names(a),
      });
      if (row.created) {
        await recordEvent(ctx.db, row.id, "received", "pinmail", { mailbox: ctx.mailbox, uid: m.uid, size: m.raw.length });
        await recordEvent(ctx.db, row.id, "classified", "pinmail", {
          kind: a.kind,
          language: a.language,
          name: a.name ? { ...a.name.name, source: a.name.source } : null,
          review: a.review?.reason ?? null,
        });
      }
      toQueue.push(row.id);
      result.set(m.uid, "processed");
      continue;
    }
    if (a.action === "attention") {
      const row = await ensureRow(ctx, { ...baseRow(ctx, m, a.facts), state: "failed", disposition: "attention", ignoredReason: a.reason });
      if (row.created) await recordEvent(ctx.db, row.id, "attention", "pinmail", { reason: a.reason });
      result.set(m.uid, "attention");
      continue;
    }
    // "record": automatic mail about one of our replies, or our own mail coming back.
    const related = a.relatedMessageIds.length
      ? await ctx.db.outboundMessage.findFirst({ where: { messageId: { in: a.relatedMessageIds } }, select: { id: true, requestId: true, status: true } })
      : null;
    const row = await ensureRow(ctx, {
      ...baseRow(ctx, m, a.facts),
      state: "ignored",
      disposition: "processed",
      ignoredReason: a.reason,
      parentId: related?.requestId ?? null,
    });
    if (row.created && related?.requestId) {
      await recordEvent(ctx.db, related.requestId, a.bounce ? "reply-bounced" : "auto-reply-received", "pinmail", { reason: a.reason, inboundId: row.id });
      if (a.bounce) await markBounced(ctx, related.id, related.requestId);
    }
    result.set(m.uid, "processed");
  }
  if (toQueue.length) await ctx.producers.verifyRequests(toQueue);
  return result;
}

/** An undeliverable reply sends its request to staff. */
async function markBounced(ctx: IntakeContext, outboxId: number, requestId: number): Promise<void> {
  await ctx.db.$transaction([
    ctx.db.outboundMessage.update({ where: { id: outboxId }, data: { status: "undeliverable", lastError: "bounced (delivery report received)" } }),
    ctx.db.inboundRequest.updateMany({
      where: { id: requestId, state: { notIn: ["review"] } },
      data: { state: "review", reviewReason: "a reply to this request bounced", version: { increment: 1 } },
    }),
  ]);
}
