// The `send-mail` job: delivers one outbox row. Every attempt sends the same Message-ID and
// content (a dropped connection after DATA can at worst duplicate the same mail, never change the
// PIN). Permanent SMTP refusals mark the reply undeliverable and send the request to review.
import type { Transporter } from "nodemailer";
import type { Db } from "../store/prisma.js";
import { recordEvent } from "../store/audit.js";
import { classifySmtpError } from "./smtp-error.js";
import { unseal } from "./seal.js";
import type { SealedContent } from "./compose.js";

export interface DeliverDeps {
  db: Db;
  transport: Transporter;
  from: string;
  envelopeFrom: string;
  secrets: readonly string[];
  now?: () => Date;
}

export class PermanentDeliveryError extends Error {
  override name = "PermanentDeliveryError";
}

export type DeliveryResult = "sent" | "already-sent" | "gone";

export async function deliver(deps: DeliverDeps, outboxId: number): Promise<DeliveryResult> {
  const row = await deps.db.outboundMessage.findUnique({ where: { id: outboxId } });
  if (!row) return "gone";
  if (row.status === "sent") return "already-sent";
  if (row.status === "undeliverable") return "gone";
  const content: SealedContent = row.encrypted
    ? (JSON.parse(unseal(row.encrypted, deps.secrets)) as SealedContent)
    : { subject: row.subject, text: row.maskedText, html: row.maskedHtml };
  await deps.db.outboundMessage.update({ where: { id: row.id }, data: { attempts: { increment: 1 } } });
  try {
    await deps.transport.sendMail({
      from: deps.from,
      to: row.toAddress,
      subject: content.subject,
      text: content.text,
      html: content.html,
      messageId: row.messageId,
      headers: row.headers as Record<string, string>,
      envelope: { from: deps.envelopeFrom, to: [row.toAddress] },
      disableFileAccess: true,
      disableUrlAccess: true,
    });
  } catch (err) {
    const failure = classifySmtpError(err);
    if (!failure.permanent) {
      await deps.db.outboundMessage.update({ where: { id: row.id }, data: { lastError: failure.message } });
      throw err;
    }
    await markUndeliverable(deps.db, row.id, row.requestId, `SMTP ${failure.code}: ${failure.message}`);
    throw new PermanentDeliveryError(`reply ${row.messageId} refused permanently: ${failure.message}`);
  }
  const now = (deps.now ?? (() => new Date()))();
  await deps.db.$transaction(async (tx) => {
    // Delivered: drop the sealed copy that held the PIN; the masked copy is what staff see.
    await tx.outboundMessage.update({ where: { id: row.id }, data: { status: "sent", sentAt: now, encrypted: null, lastError: null } });
    if (row.requestId) {
      await tx.inboundRequest.updateMany({ where: { id: row.requestId, state: "processing" }, data: { state: "answered", answeredAt: now, version: { increment: 1 } } });
      await recordEvent(tx, row.requestId, "reply-sent", "pinmail", { messageId: row.messageId, to: row.toAddress, template: row.template });
    }
  });
  return "sent";
}

export async function markUndeliverable(db: Db, outboxId: number, requestId: number | null, reason: string): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.outboundMessage.update({ where: { id: outboxId }, data: { status: "undeliverable", lastError: reason.slice(0, 1000), encrypted: null } });
    if (requestId) {
      await tx.inboundRequest.updateMany({
        where: { id: requestId },
        data: { state: "review", reviewReason: `reply undeliverable: ${reason.slice(0, 200)}`, version: { increment: 1 } },
      });
      await recordEvent(tx, requestId, "reply-undeliverable", "pinmail", { reason });
    }
  });
}
