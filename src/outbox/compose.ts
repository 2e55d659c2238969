// Turns a rendered reply into an outbox row: fixed Message-ID and headers chosen once, so every
// retry of the delivery sends the very same message. Nothing the sender wrote reaches a header
// except the original subject (control characters removed; not at all for templates with their
// own subject) and a Message-ID of a checked shape.
import { randomBytes } from "node:crypto";
import { toSingleAddress } from "../core/mail-address.js";
import { maskPin } from "../core/pin.js";
import { LOOP_HEADER } from "../core/mail-headers.js";
import type { RenderedReply } from "../reply/render.js";
import { sanitizeSubject } from "../reply/render.js";
import { seal } from "./seal.js";

export interface ComposeInput {
  requestId: number | null;
  userId: number | null;
  reference: string;
  purpose: "reply" | "decision" | "reminder" | "test";
  template: string;
  locale: string;
  to: string;
  /** The request's subject and Message-ID when this answers a mail; absent for reminders. */
  inReplyTo: { subject: string; messageId: string | null } | null;
  /** Use the rendered template subject even when answering a mail (never echo theirs). */
  ownSubject?: boolean;
  rendered: RenderedReply;
  /**
   * With a PIN: the same template rendered with a placeholder in place of the PIN (maskedPin), kept
   * for staff. Replacing the digits afterwards misses a PIN a template prints in pieces (issue 13.5).
   */
  masked?: RenderedReply;
  pin: string | null;
  ownDomain: string;
  pinSecret: string;
  autoSubmitted: "auto-replied" | "auto-generated";
  dedupeKey: string;
}

export interface SealedContent {
  subject: string;
  text: string;
  html: string;
}

const MESSAGE_ID = /^<[^<>\s@]+@[^<>\s@]+>$/;

/** The recipient is not exactly one plain address: nothing may be queued for it. */
export class RecipientRefused extends Error {
  override name = "RecipientRefused";
}

/** What staff see where the PIN was: as many bullets as it has digits. */
export function maskedPin(pin: string): string {
  return "•".repeat(pin.length);
}

export function composeOutbound(i: ComposeInput) {
  if (i.pin && !i.masked) throw new Error("a reply with a PIN needs its rendering with the placeholder PIN (masked)");
  // One reply, one mailbox: the same strict shape the pipeline answers (issue 13.1).
  const to = toSingleAddress(i.to);
  if (!to) throw new RecipientRefused(`refusing to queue mail for "${i.to.slice(0, 100)}": not one plain address`);
  const messageId = `<${i.reference.toLowerCase()}.${i.purpose}.${randomBytes(4).toString("hex")}@${i.ownDomain}>`;
  const subject = i.inReplyTo && !i.ownSubject ? sanitizeSubject(`Re: ${i.inReplyTo.subject}`) : i.rendered.subject;
  const headers: Record<string, string> = {
    "Auto-Submitted": i.autoSubmitted,
    "X-Auto-Response-Suppress": "All",
    [LOOP_HEADER]: i.ownDomain,
  };
  const parent = i.inReplyTo?.messageId;
  if (parent && MESSAGE_ID.test(parent)) {
    headers["In-Reply-To"] = parent;
    headers["References"] = parent;
  }
  const content: SealedContent = { subject, text: i.rendered.text, html: i.rendered.html };
  return {
    dedupeKey: i.dedupeKey,
    requestId: i.requestId,
    userId: i.userId,
    purpose: i.purpose,
    template: i.template,
    locale: i.locale,
    toAddress: to,
    messageId,
    subject,
    headers,
    // Only a message that carries a PIN needs sealing; others are stored as sent.
    encrypted: i.pin ? new Uint8Array(seal(JSON.stringify(content), i.pinSecret)) : null,
    // The placeholder rendering, and the digits masked in it as well should a stored template older
    // than the PIN-line rule still print the PIN through some other variable.
    maskedText: i.pin ? maskPin(i.masked!.text, i.pin) : i.rendered.text,
    maskedHtml: i.pin ? maskPin(i.masked!.html, i.pin) : i.rendered.html,
    status: "pending",
  };
}
