// What the mailbox reader does with one raw message, decided without I/O: take it as a request,
// record it as a bounce/auto-reply about one of our replies, ignore our own mail coming back, or
// leave it alone (mail that is not for pinmail is not touched). The stages run in this order
// and the first one that decides stops the run.
import { createHash } from "node:crypto";
import { simpleParser, type ParsedMail } from "mailparser";
import { detectAutomatic } from "../core/auto-reply-signals.js";
import { classifySubject } from "../core/classify-subject.js";
import { detectLanguage } from "../core/detect-language.js";
import { bodyText } from "../core/newest-message-text.js";
import { toSingleAddress } from "../core/mail-address.js";
import type { ParsedName } from "../core/match-name.js";
import { parseSenderName } from "../core/parse-sender-name.js";
import { checkSenderAuth, type SenderAuthPolicy, type SenderAuthStatus } from "../core/sender-auth.js";
import { LOOP_HEADER } from "../core/mail-headers.js";
import { tooOldReviewReason } from "../core/review-reason.js";

export interface AnalyseContext {
  ownAddress: string;
  ownDomain: string;
  maxAgeDays: number;
  senderAuth: SenderAuthPolicy;
  now: Date;
}

export interface MessageFacts {
  messageKey: string;
  messageId: string | null;
  sender: string;
  senderName: string | null;
  subject: string;
  internalDate: Date | null;
}

export type Analysis =
  | {
      action: "take";
      facts: MessageFacts;
      kind: "reset" | "follow-up";
      language: "en" | "fr" | null;
      name: { name: ParsedName; source: string } | null;
      /** Set when staff must decide: the bot answers nothing automatically (old mail) or only acknowledges. */
      review: { reason: string; acknowledge: boolean } | null;
      /** What our receiving server says about the sender (issue 13.8: decided on before anything else). */
      auth: { status: SenderAuthStatus; reason: string };
    }
  | { action: "record"; facts: MessageFacts; reason: string; bounce: boolean; relatedMessageIds: string[] }
  | { action: "leave"; reason: string }
  /** A request pinmail must not answer (a sender it cannot reduce to one address): stored as `ignored`. */
  | { action: "ignore"; facts: MessageFacts; reason: string }
  | { action: "attention"; facts: MessageFacts; reason: string };

export function messageKeyOf(messageId: string | null, raw: Buffer): string {
  return messageId ? messageId.trim() : `sha256:${createHash("sha256").update(raw).digest("hex")}`;
}

/** Message-IDs of ours that this mail refers to (headers, or a bounce quoting our message). */
function referencedOwnIds(parsed: ParsedMail, raw: Buffer, ownDomain: string): string[] {
  const ids = new Set<string>();
  const refs = [parsed.inReplyTo ?? "", ...(Array.isArray(parsed.references) ? parsed.references : [parsed.references ?? ""])].join(" ");
  const pattern = new RegExp(`<[^<>\\s@]+@${ownDomain.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}>`, "gi");
  for (const m of refs.matchAll(pattern)) ids.add(m[0]);
  // Bounces quote the original headers in the body or an attached message/rfc822 part.
  for (const m of raw.toString("latin1").matchAll(new RegExp(`Message-ID:\\s*(${pattern.source})`, "gi"))) ids.add(m[1]!);
  return [...ids];
}

function headerValues(parsed: ParsedMail, name: string): string[] {
  return parsed.headerLines.filter((h) => h.key === name).map((h) => h.line.slice(h.line.indexOf(":") + 1).trim());
}

export async function analyseMessage(raw: Buffer, internalDate: Date | null, ctx: AnalyseContext): Promise<Analysis> {
  let parsed: ParsedMail;
  try {
    // skipHtmlToText: mailparser's own HTML-to-text runs a table's cells into one line; an
    // HTML-only body is read by the project's rules instead (newest-message-text.ts, issue 15.1).
    parsed = await simpleParser(raw, {
      skipImageLinks: true,
      skipTextToHtml: true,
      skipTextLinks: true,
      skipHtmlToText: true,
      maxHtmlLengthToParse: 2_000_000,
    });
  } catch (err) {
    const facts: MessageFacts = { messageKey: messageKeyOf(null, raw), messageId: null, sender: "", senderName: null, subject: "", internalDate };
    return { action: "attention", facts, reason: `could not parse the message: ${(err as Error).message}` };
  }
  const from = parsed.from?.value[0];
  // What the header says, kept for the record; only `single` (one plain address) is ever answered.
  const sender = (from?.address ?? "").trim().toLowerCase().slice(0, 320);
  const single = (parsed.from?.value.length ?? 0) === 1 ? toSingleAddress(sender) : null;
  const messageId = parsed.messageId ?? null;
  const subject = (parsed.subject ?? "").replace(/[\r\n]+/g, " ");
  const facts: MessageFacts = {
    messageKey: messageKeyOf(messageId, raw),
    messageId,
    sender,
    senderName: from?.name?.trim() || null,
    subject,
    internalDate,
  };
  const classification = classifySubject(subject);

  // 1. Our own mail coming back (a loop): never answered, kept for the record.
  const own =
    sender === ctx.ownAddress.toLowerCase() ||
    parsed.headerLines.some((h) => h.key === LOOP_HEADER.toLowerCase()) ||
    (messageId !== null && messageId.toLowerCase().endsWith(`@${ctx.ownDomain.toLowerCase()}>`));
  if (own) return { action: "record", facts, reason: "pinmail's own message", bounce: false, relatedMessageIds: referencedOwnIds(parsed, raw, ctx.ownDomain) };

  // 2. Automatic mail (auto-replies, bounces, lists): never answered.
  const auto = detectAutomatic({
    headerLines: parsed.headerLines,
    from: sender || null,
    contentType: parsed.headers.get("content-type") ? String((parsed.headers.get("content-type") as { value?: string }).value ?? "") : null,
    messageId,
    ownDomain: ctx.ownDomain,
    loopHeaderName: LOOP_HEADER,
  });
  if (auto.automatic) {
    const related = referencedOwnIds(parsed, raw, ctx.ownDomain);
    if (related.length || classification.kind) return { action: "record", facts, reason: auto.reason, bounce: auto.bounce, relatedMessageIds: related };
    return { action: "leave", reason: `automatic mail not about pinmail (${auto.reason})` };
  }

  // 3. Requests are recognised by their subject; anything else is not for pinmail.
  if (!classification.kind) return { action: "leave", reason: "not a PIN reset request" };
  // Exactly one plain address, or no answer at all: `a@evil.example,postmaster` is one "address"
  // to mailparser but several RCPT TO to SMTP, and a bare local part ("moderator") would be
  // delivered by the relay to one of its own mailboxes.
  if (!single) {
    const count = parsed.from?.value.length ?? 0;
    const shown = sender.replace(/[\u0000-\u001f\u007f-\u009f]/gu, "?");
    const what = count === 0 ? "none" : `"${shown}"${count > 1 ? ` and ${count - 1} more` : ""}`;
    return { action: "ignore", facts, reason: `sender address is not exactly one plain address (${what}); not answered` };
  }
  facts.sender = single;

  const text = parsed.text ?? null;
  const html = typeof parsed.html === "string" ? parsed.html : null;
  // The plain text part, or the HTML read by the project's rules: converted once, used twice.
  const body = bodyText(text, html);
  const language = classification.language ?? detectLanguage(`${subject}\n${body}`);
  const name = parseSenderName({ text: body, html: null, subject, fromName: facts.senderName });

  let review: { reason: string; acknowledge: boolean } | null = null;
  const ageMs = internalDate ? ctx.now.getTime() - internalDate.getTime() : 0;
  const auth = checkSenderAuth(headerValues(parsed, "authentication-results"), single, ctx.senderAuth);
  if (ageMs > ctx.maxAgeDays * 86_400_000) {
    review = { reason: tooOldReviewReason(Math.floor(ageMs / 86_400_000), ctx.maxAgeDays), acknowledge: false };
  } else {
    if (auth.decision === "review") review = { reason: `sender authentication: ${auth.reason}`, acknowledge: true };
    else if (!text && !html && hasUndecodableBody(parsed)) review = { reason: "the message body could not be decoded", acknowledge: true };
  }
  return { action: "take", facts, kind: classification.kind, language, name, review, auth: { status: auth.status, reason: auth.reason } };
}

/** A body that exists but that the parser could not turn into text (unknown charset or encoding). */
function hasUndecodableBody(parsed: ParsedMail): boolean {
  return parsed.attachments.some((a) => /^text\//i.test(a.contentType) || a.contentType === "application/octet-stream");
}
