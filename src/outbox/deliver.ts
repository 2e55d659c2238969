// Delivers one outbox row: right after verification (in the same job) and in the `send-mail` job
// (retries; rows whose lease passed). Every attempt sends the same Message-ID and content (a
// dropped connection after DATA can at worst duplicate the same mail, never change the PIN).
// Permanent SMTP refusals mark the reply undeliverable and send the request to review.
import type { Transporter } from "nodemailer";
import type { Db } from "../store/prisma.js";
import { answeredSql, sendToReview } from "../store/request-life.js";
import { pgQueryable, prismaQueryable, sql, type Pool, type Queryable } from "../store/sql.js";
import { toSingleAddress } from "../core/mail-address.js";
import { classifySmtpError } from "./smtp-error.js";
import type { SendRate } from "./send-rate.js";
import { unseal } from "./seal.js";
import { carriesPin } from "./sealed-copies.js";
import type { SealedContent } from "./compose.js";

export interface DeliverDeps {
  db: Db;
  /** A plain `pg` pool for the two statements on every reply's path; without one they go through Prisma. */
  pool?: Pool;
  /** The plain transport (not withSendRate's): delivery takes its slot from `rate` itself. */
  transport: Transporter;
  /**
   * SMTP_RATE_PER_MINUTE, shared by all processes (issue 17). The slot is taken before the row is
   * claimed, so a wait for one never holds the delivery lease (another deliverer could take the
   * row over when it passed, and send it twice).
   */
  rate?: SendRate | null;
  from: string;
  envelopeFrom: string;
  secrets: readonly string[];
  /** The delivery lease (DELIVERY_LEASE_MS); DELIVERY_LEASE_MS below when not given. */
  leaseMs?: number;
  now?: () => Date;
  /** Told about every reply delivered (metrics), from what delivery read anyway. */
  onSent?: (s: SentReply) => void;
  /** Told whether SMTP accepted our sign-in: a refusal (535 etc.) is transient and shown in /readyz. */
  onSmtpAuth?: (refused: string | null) => void;
  /** Told the Message-ID of every delivered reply that carried a PIN (its Sent copy is removed). */
  onPinSent?: (messageId: string) => void;
}

export interface SentReply {
  outboxId: number;
  outcome: string | null;
  /** When the request reached the mailbox (or was stored, when the server gave no date). */
  arrivedAt: Date;
  sentAt: Date;
}

export class PermanentDeliveryError extends Error {
  override name = "PermanentDeliveryError";
}

/**
 * SMTP refused our sign-in (or no token could be had): nothing is wrong with the reply, so it
 * waits for authentication to work again instead of using up its attempts (issue 16).
 */
export class MailboxAuthDeliveryError extends Error {
  override name = "MailboxAuthDeliveryError";
}

/**
 * Another deliverer holds the row's lease (it is sending it now): this one must not send. Its
 * holder finishes, or releases the lease on failure; if the holder died, the lease passes at
 * `until` and the row can be claimed again.
 */
export class DeliveryLeasedError extends Error {
  override name = "DeliveryLeasedError";
  constructor(
    readonly outboxId: number,
    readonly until: Date,
  ) {
    super(`reply ${outboxId} is being sent by another worker (lease until ${until.toISOString()})`);
  }
}

/**
 * How long a deliverer holds a reply it claimed (outbound_messages.lease_until), unless the
 * DELIVERY_LEASE_MS setting says otherwise. Longer than one
 * send can take (SMTP connection 15 s, then at most 60 s of silence per command: transport.ts), so
 * a slow send is never taken over and sent twice; a deliverer that died holding it delays that
 * reply by at most this long (reconcile re-announces rows whose lease passed).
 */
export const DELIVERY_LEASE_MS = 90_000;

export type DeliveryResult = "sent" | "already-sent" | "gone";

interface ClaimedRow {
  id: number;
  requestId: number | null;
  toAddress: string;
  messageId: string;
  subject: string;
  headers: unknown;
  template: string;
  purpose: string;
  encrypted: Uint8Array | null;
  maskedText: string;
  maskedHtml: string;
}

export async function deliver(deps: DeliverDeps, outboxId: number): Promise<DeliveryResult> {
  const slot = await deps.rate?.acquire();
  // Counting the attempt and reading the row is one statement: this runs for every reply.
  const q = deps.pool ? pgQueryable(deps.pool) : prismaQueryable(deps.db);
  // Claiming takes the delivery lease: of two deliverers racing for a row (this job and one that
  // reconcile re-announced, or two workers), only the one whose UPDATE matched sends it.
  const [row] = await q.query<ClaimedRow>(sql`
    UPDATE outbound_messages SET attempts = attempts + 1, lease_until = now() + ${deps.leaseMs ?? DELIVERY_LEASE_MS}::int * interval '1 millisecond', updated_at = now()
    WHERE id = ${outboxId} AND status NOT IN ('sent', 'undeliverable') AND (lease_until IS NULL OR lease_until <= now())
    RETURNING id, request_id AS "requestId", to_address AS "toAddress", message_id AS "messageId", subject, headers, template, purpose,
              encrypted, masked_text AS "maskedText", masked_html AS "maskedHtml"`);
  if (!row) {
    await slot?.release();
    const other = await deps.db.outboundMessage.findUnique({ where: { id: outboxId }, select: { status: true, leaseUntil: true } });
    if (other?.status === "sent") return "already-sent";
    if (!other || other.status === "undeliverable") return "gone";
    // Still to send, so someone holds it (or its lease passed a moment ago): try again later.
    throw new DeliveryLeasedError(outboxId, other.leaseUntil ?? new Date());
  }
  // The envelope and To: come from this one address only; a row that is not exactly one plain
  // address (written before the check existed, or by hand) is refused, never split into RCPTs.
  const to = toSingleAddress(row.toAddress);
  if (!to) {
    await slot?.release();
    await markUndeliverable(deps.db, row.id, row.requestId, `recipient "${row.toAddress.slice(0, 100)}" is not one plain address`);
    throw new PermanentDeliveryError(`reply ${row.messageId} not sent: its recipient is not one plain address`);
  }
  // A PIN reply whose sealed copy is gone (given up, discarded, or its PIN expired) would go out
  // with the PIN masked: it is refused, and staff issue a fresh PIN if one is still wanted.
  if (!row.encrypted && carriesPin(row)) {
    await slot?.release();
    await markUndeliverable(deps.db, row.id, row.requestId, "its sealed copy (the PIN) was removed; a fresh PIN must be issued");
    throw new PermanentDeliveryError(`reply ${row.messageId} not sent: its PIN is no longer kept`);
  }
  const content: SealedContent = row.encrypted
    ? (JSON.parse(unseal(row.encrypted, deps.secrets)) as SealedContent)
    : { subject: row.subject, text: row.maskedText, html: row.maskedHtml };
  try {
    await deps.transport.sendMail({
      from: deps.from,
      to: { name: "", address: to },
      subject: content.subject,
      text: content.text,
      html: content.html,
      messageId: row.messageId,
      headers: row.headers as Record<string, string>,
      envelope: { from: deps.envelopeFrom, to: [to] },
      disableFileAccess: true,
      disableUrlAccess: true,
    });
  } catch (err) {
    const failure = classifySmtpError(err);
    if (failure.auth) deps.onSmtpAuth?.(failure.message);
    if (!failure.permanent) {
      // The lease goes with the failure: the retry (send-mail job, backoff) may claim it at once.
      await deps.db.outboundMessage.update({ where: { id: row.id }, data: { lastError: failure.message, leaseUntil: null } });
      if (failure.auth) throw new MailboxAuthDeliveryError(`SMTP sign-in failed: ${failure.message}`);
      throw err;
    }
    await markUndeliverable(deps.db, row.id, row.requestId, `SMTP ${failure.code}: ${failure.message}`);
    throw new PermanentDeliveryError(`reply ${row.messageId} refused permanently: ${failure.message}`);
  }
  deps.onSmtpAuth?.(null);
  // A sealed copy is kept only for replies that carry a PIN.
  if (row.encrypted) deps.onPinSent?.(row.messageId);
  const now = (deps.now ?? (() => new Date()))();
  const request = await markSent(q, row, now);
  if (request && deps.onSent) deps.onSent({ outboxId: row.id, outcome: request.outcome, arrivedAt: request.internal_date ?? request.received_at, sentAt: now });
  return "sent";
}

/**
 * Delivered: the row is marked sent and its sealed copy (the one holding the PIN) dropped, the
 * request answered and the audit event written, all in ONE statement (atomic on its own, and one
 * round trip instead of five on every reply's path). Column names follow prisma/schema.prisma.
 */
async function markSent(
  q: Queryable,
  row: { id: number; requestId: number | null; messageId: string; toAddress: string; template: string },
  now: Date,
): Promise<{ outcome: string | null; internal_date: Date | null; received_at: Date } | null> {
  const detail = JSON.stringify({ messageId: row.messageId, to: row.toAddress, template: row.template });
  const rows = await q.query<{ outcome: string | null; internal_date: Date | null; received_at: Date }>(sql`
    WITH sent AS (
      UPDATE outbound_messages SET status = 'sent', sent_at = ${now}, encrypted = NULL, last_error = NULL, updated_at = ${now}
      WHERE id = ${row.id}
    ), answered AS (${answeredSql(row.requestId, now)}
    ), audit AS (
      INSERT INTO audit_events (request_id, type, actor, detail, at)
      SELECT ${row.requestId}::int, 'reply-sent', 'pinmail', ${detail}::jsonb, ${now}
      WHERE ${row.requestId}::int IS NOT NULL
    )
    SELECT outcome, internal_date, received_at FROM inbound_requests WHERE id = ${row.requestId}`);
  return rows[0] ?? null;
}

/** A reply refused for good (SMTP 5xx, or a bounce came back): staff take the request over. */
export async function markUndeliverable(db: Db, outboxId: number, requestId: number | null, reason: string, now = new Date()): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.outboundMessage.update({ where: { id: outboxId }, data: { status: "undeliverable", lastError: reason.slice(0, 1000), encrypted: null } });
    if (requestId) {
      const event = { type: "reply-undeliverable", actor: "pinmail", detail: { reason } };
      await sendToReview(prismaQueryable(tx), { id: requestId, reason: `reply undeliverable: ${reason.slice(0, 200)}`, now, event, always: true });
    }
  });
}
