// Rendering a reply with the active template and writing it to the outbox, inside the caller's
// transaction, with its audit event. Shared by the pipeline and by staff decisions.
import { composeOutbound, maskedPin, type ComposeInput } from "./compose.js";
import { activeTemplate } from "../reply/active-template.js";
import type { DefaultTemplates } from "../reply/load-default-templates.js";
import type { Renderer } from "../reply/render.js";
import type { TemplateSource } from "../reply/template-file.js";
import { buildTemplateVariables, hasOwnSubject, type Locale, type TemplateName } from "../reply/template-catalog.js";
import { templateValues, type ReplyFacts } from "../reply/template-values.js";
import { recordEvent, type AuditTrail } from "../store/audit.js";
import type { Tx } from "../store/prisma.js";
import { prismaQueryable } from "../store/sql.js";
import { storedTemplateSources } from "../store/template-versions.js";

export interface QueueReplyInput {
  request: { id: number; reference: string; subject: string; messageId: string | null };
  userId: number | null;
  template: TemplateName;
  locale: Locale;
  to: string;
  /** What the caller knows; reply/ turns it into the template's values (templateValues). Its PIN is sealed. */
  facts: ReplyFacts;
  purpose: ComposeInput["purpose"];
  dedupeKey: string;
  ownDomain: string;
  pinSecret: string;
  actor: string;
  /** Collects the audit event for the caller's single insert; written at once without it. */
  audit?: AuditTrail;
}

export type PreparedReply = ReturnType<typeof composeOutbound>;

/** Renders the reply with the active template and composes its outbox row, without storing it. */
export async function prepareReply(
  tx: Tx,
  r: { renderer: Renderer; defaults: DefaultTemplates },
  i: Omit<QueueReplyInput, "actor" | "audit">,
): Promise<PreparedReply> {
  return composeReply(await activeTemplate(storedTemplateSources(prismaQueryable(tx)), r.defaults, i.template, i.locale), r, i);
}

/** Renders the reply from a template source already read, and composes its outbox row. */
export async function composeReply(source: TemplateSource, r: { renderer: Renderer }, i: Omit<QueueReplyInput, "actor" | "audit">): Promise<PreparedReply> {
  const pin = i.facts.pin ?? null;
  const rendered = await r.renderer.render(source, buildTemplateVariables(i.template, templateValues(i.template, i.facts)));
  // Staff's copy is rendered, not edited: the template runs again with a placeholder PIN (issue 13.5).
  const masked = pin
    ? await r.renderer.render(source, buildTemplateVariables(i.template, templateValues(i.template, { ...i.facts, pin: maskedPin(pin) })))
    : undefined;
  return composeOutbound({
    requestId: i.request.id,
    userId: i.userId,
    reference: i.request.reference,
    purpose: i.purpose,
    template: i.template,
    locale: i.locale,
    to: i.to,
    inReplyTo: { subject: i.request.subject, messageId: i.request.messageId },
    ownSubject: hasOwnSubject(i.template),
    rendered,
    masked,
    pin,
    ownDomain: i.ownDomain,
    pinSecret: i.pinSecret,
    autoSubmitted: "auto-replied",
    dedupeKey: i.dedupeKey,
  });
}

/** The audit event that says a reply was queued (never its text, so never a PIN). */
export function replyQueuedDetail(row: PreparedReply): Record<string, unknown> {
  return { template: row.template, locale: row.locale, to: row.toAddress, messageId: row.messageId };
}

/** Returns the new outbox row's id. */
export async function queueReply(tx: Tx, r: { renderer: Renderer; defaults: DefaultTemplates }, i: QueueReplyInput): Promise<number> {
  const row = await prepareReply(tx, r, i);
  const created = await tx.outboundMessage.create({ data: row, select: { id: true } });
  const detail = replyQueuedDetail(row);
  if (i.audit) i.audit.add(i.request.id, "reply-queued", i.actor, detail);
  else await recordEvent(tx, i.request.id, "reply-queued", i.actor, detail);
  return created.id;
}
