/**
 * Whether an inbound message was sent by a machine and must never be answered (RFC 3834 and
 * what the established helpdesks check; see research/mission-anchors.md §D). `bounce` marks a
 * delivery failure report, which callers record against the request whose reply bounced;
 * other automatic mail (vacation replies, read receipts, lists) only stays unanswered.
 *
 * Headers are read from mailparser's `headerLines` (lower-case key, raw folded line), because
 * `parsed.headers` folds every List-* header into one `list` entry.
 */

export interface AutomaticInput {
  headerLines: ReadonlyArray<{ key: string; line: string }>;
  /** The From address, bare or as "Name <address>"; null when the message has none. */
  from: string | null;
  /** Top-level Content-Type; used only when headerLines has no Content-Type line. */
  contentType: string | null;
  messageId: string | null;
  /** Domain of pinmail's own Message-IDs. */
  ownDomain: string;
  /** Header pinmail puts on every reply it sends. */
  loopHeaderName: string;
  /** pinmail's own From address, if mail from it should be recognised too. */
  ownAddress?: string | null;
}

export type AutomaticReason =
  | "delivery-report"
  | "mailer-daemon"
  | "own-loop-header"
  | "own-message-id"
  | "own-address"
  | "auto-submitted"
  | "precedence"
  | "x-auto-response-suppress"
  | "x-autoreply"
  | "mailing-list"
  | "null-sender";

export type AutomaticVerdict = { automatic: false } | { automatic: true; reason: AutomaticReason; bounce: boolean };

function headerValues(lines: AutomaticInput["headerLines"], name: string): string[] {
  const key = name.toLowerCase();
  return lines
    .filter((h) => h.key.toLowerCase() === key)
    .map((h) => {
      const colon = h.line.indexOf(":");
      return (colon < 0 ? "" : h.line.slice(colon + 1)).replace(/\r?\n[ \t]+/g, " ").trim();
    });
}

/** The first token of a structured value, without parameters or (comments). */
function token(value: string): string {
  return (
    value
      .replace(/\([^)]*\)/g, "")
      .split(";")[0]
      ?.trim()
      .toLowerCase() ?? ""
  );
}

function addressOf(s: string): string {
  const angle = /<([^>]*)>/.exec(s);
  return (angle ? (angle[1] ?? "") : s).trim().toLowerCase();
}

function domainOfMessageId(id: string): string {
  const inner = addressOf(id);
  return inner.slice(inner.lastIndexOf("@") + 1);
}

/** Content-Type parameter value, e.g. report-type. */
function parameter(contentType: string, name: string): string | undefined {
  const m = new RegExp(`;\\s*${name}\\s*=\\s*"?([^";]+)"?`, "i").exec(contentType);
  return m?.[1]?.trim().toLowerCase();
}

const yes = (reason: AutomaticReason, bounce = false): AutomaticVerdict => ({ automatic: true, reason, bounce });

/**
 * Checks run bounce-first, so a delivery report that also carries Auto-Submitted is still
 * reported as a bounce.
 */
export function detectAutomatic(input: AutomaticInput): AutomaticVerdict {
  const h = (name: string) => headerValues(input.headerLines, name);
  const has = (name: string) => h(name).length > 0;

  // The raw header keeps its parameters (report-type); mailparser's parsed value does not.
  const contentType = h("content-type")[0] ?? input.contentType ?? "";
  if (token(contentType) === "multipart/report") {
    // RFC 6522: delivery-status is a DSN (a bounce); disposition-notification (read receipt)
    // and feedback-report (spam complaint) are automatic but not delivery failures.
    const reportType = parameter(contentType, "report-type");
    return yes("delivery-report", reportType === undefined || reportType === "delivery-status");
  }

  const from = input.from === null ? "" : addressOf(input.from);
  const local = from.includes("@") ? from.slice(0, from.lastIndexOf("@")) : from;
  if (/^(?:mailer[-_]?daemon|postmaster)$/.test(local)) return yes("mailer-daemon", true);

  if (has(input.loopHeaderName)) return yes("own-loop-header");
  const ownDomain = input.ownDomain.trim().toLowerCase();
  if (ownDomain !== "" && input.messageId && domainOfMessageId(input.messageId) === ownDomain) {
    return yes("own-message-id");
  }
  if (input.ownAddress && from !== "" && addressOf(input.ownAddress) === from) return yes("own-address");

  if (h("auto-submitted").some((v) => token(v) !== "no")) return yes("auto-submitted");
  if ([...h("precedence"), ...h("x-precedence")].some((v) => /^(?:bulk|junk|list|auto_reply)$/.test(token(v)))) {
    return yes("precedence");
  }
  if (has("x-auto-response-suppress")) return yes("x-auto-response-suppress");
  if (has("x-autoreply") || has("x-autorespond") || has("x-autoresponder")) return yes("x-autoreply");
  // Apple's vacation responder sends no Auto-Submitted, only its own marker.
  if (h("x-apple-action").some((v) => /^vacation\b/i.test(v))) return yes("x-autoreply");
  if (has("list-id") || has("list-unsubscribe")) return yes("mailing-list");

  // RFC 5321 null reverse-path, seen as an empty From or Return-Path: <>; used by DSNs and by
  // RFC 3834 responders alike, so on its own it is not called a bounce.
  const returnPath = h("return-path");
  if (from === "" || returnPath.some((v) => addressOf(v) === "")) return yes("null-sender");

  return { automatic: false };
}
