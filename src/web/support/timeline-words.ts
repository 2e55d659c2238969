// The case timeline in words (issue 20): one sentence per audit event ("Name read from the
// labelled lines: Maria Santos", "Sent to review: received 20 days before pinmail took it, over
// the 14-day limit", "PIN issued by support@..., expires Dec 19"), with the technical details
// (event type, message id, uid, size) kept apart for the page to fold away. No JSON and no
// setting names in the sentence. The sentences come from the staff catalogue, in the page's language.
import { t, tMaybe } from "../i18n/catalog.js";
import { localeLabel, outcomeLabel, templateLabel } from "../views/words.js";

export interface TimelineEvent {
  at: string;
  type: string;
  actor: string;
  detail: unknown;
}

export interface EventWords {
  text: string;
  /** Technical details, label → value, for those who open them. */
  technical: Array<[string, string]>;
}

/** Where the name was read, in words ("the labelled lines"), by the parser's source name. */
export function nameSourceWords(source: string | null | undefined): string {
  const words = tMaybe("tl.src", source ?? "");
  // A source the catalogue does not know (or none) is simply "the message".
  return words === (source ?? "") ? t("tl.src.message") : words;
}

/** A review or ignore reason in words: pinmail's phrases, minus setting names. */
export function reasonWords(reason: string): string {
  const old = /^too old: arrived (\d+) days? before pinmail saw it \(([A-Z_]+)=(\d+)\)$/.exec(reason);
  if (old) return t("tl.tooOld", { days: old[1]!, limit: old[3]! });
  const big = /^message of (\d+) bytes is over [A-Z_]+ \((\d+)\)(.*)$/.exec(reason);
  if (big) return t("tl.tooBig", { bytes: big[1]!, limit: big[2]!, rest: big[3]! });
  const auth = /^sender authentication: (.*)$/.exec(reason);
  if (auth) return t("tl.authFailed", { detail: auth[1]! });
  const undeliverable = /^reply undeliverable: (.*)$/.exec(reason);
  if (undeliverable) return t("tl.undeliverable", { detail: undeliverable[1]! });
  // Any other setting name in parentheses ("(SOME_SETTING=3)") is for administrators, not here.
  return reason.replace(/\s*\([A-Z][A-Z0-9_]{2,}(=[^)]*)?\)/g, "").replace(/\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b/g, t("tl.theLimit"));
}

const str = (v: unknown) => (typeof v === "string" ? v : v === null || v === undefined ? "" : typeof v === "object" ? JSON.stringify(v) : String(v));

function nameOf(n: unknown): string {
  if (!n || typeof n !== "object") return "";
  const o = n as Record<string, unknown>;
  return str(o["fullName"]) || [str(o["firstName"]), str(o["lastName"])].filter(Boolean).join(" ");
}

const actorWords = (a: string) => (a === "pinmail" ? "pinmail" : a === "enrollment-api" ? t("tl.thePortal") : a);

/** `day` formats a date for the sentence ("Dec 19"), in the staff's zone. */
export function eventWords(e: TimelineEvent, day: (iso: string) => string): EventWords {
  const d = (e.detail && typeof e.detail === "object" ? e.detail : {}) as Record<string, unknown>;
  const who = actorWords(e.actor);
  const technical: Array<[string, string]> = [
    [t("tl.event"), e.type],
    [t("tl.by"), e.actor],
  ];
  const keep = (...keys: string[]) => {
    for (const k of keys) if (d[k] !== undefined && d[k] !== null && d[k] !== "") technical.push([k, str(d[k])]);
  };
  const out = (text: string, ...keys: string[]): EventWords => {
    keep(...keys);
    return { text, technical };
  };
  switch (e.type) {
    case "received":
      return out(t("tl.received"), "mailbox", "uid", "size");
    case "classified": {
      const kind = t(d["kind"] === "follow-up" ? "tl.kind.follow-up" : d["kind"] === "reset" ? "tl.kind.reset" : "tl.kind.message");
      const lang = d["language"] ? localeLabel(str(d["language"])) : "";
      const name = nameOf(d["name"]);
      const src = d["name"] && typeof d["name"] === "object" ? str((d["name"] as Record<string, unknown>)["source"]) : "";
      const parts = [t("tl.readAs", { kind, lang })];
      parts.push(name ? t("tl.nameFrom", { src: nameSourceWords(src), name }) : t("tl.noName"));
      if (d["review"]) parts.push(t("tl.forReview", { why: reasonWords(str(d["review"])) }));
      return out(parts.join(". "), "kind", "language");
    }
    case "verified": {
      const why = reasonWords(str(d["why"]));
      if (d["state"] === "review") return out(t("tl.sentToReview", { why }), "outcome", "state", "matchedUser");
      if (d["state"] === "ignored") return out(t("tl.notAnswered", { why }), "outcome", "state", "matchedUser");
      return out(t("tl.checked", { outcome: outcomeLabel(str(d["outcome"])), why }), "outcome", "state", "matchedUser");
    }
    case "pin-issued": {
      const expires = d["expiresAt"] ? day(str(d["expiresAt"])) : "";
      const earlier = Number(d["revokedEarlier"] ?? 0) > 0;
      return out(t("tl.pinIssued", { who, expires, earlier }), "expiresAt", "revokedEarlier");
    }
    case "pin-used":
      return out(t("tl.pinUsed"), "clientIp");
    case "pin-revoked":
      return out(t("tl.pinRevoked", { who, reason: str(d["reason"]) }), "pinId");
    case "reply-queued":
      return out(
        t("tl.replyQueued", { reply: templateLabel(str(d["template"])), lang: localeLabel(str(d["locale"])), to: str(d["to"]) }),
        "template",
        "locale",
        "messageId",
      );
    case "reply-sent":
      return out(t("tl.replySent", { reply: templateLabel(str(d["template"])), to: str(d["to"]) }), "template", "messageId");
    case "reply-failed":
      return out(t("tl.replyFailed", { error: str(d["error"]) }));
    case "reply-undeliverable":
      return out(t("tl.replyUndeliverable", { reason: str(d["reason"]) }));
    case "staff-approved":
      return out(t("tl.approved", { who, to: str(d["to"]) }), "reviewReason");
    case "staff-rejected":
      return out(
        t("tl.rejected", { who, reply: templateLabel(str(d["template"]) || "rejected"), note: str(d["reason"]), message: str(d["message"]) }),
        "template",
        "reviewReason",
      );
    case "staff-closed":
      return out(t("tl.closed", { who, note: str(d["note"]) }), "reviewReason");
    case "staff-assigned":
      return out(t("tl.assigned", { to: str(d["to"]) || who, previous: str(d["previous"]) }));
    case "staff-reopened":
      return out(t("tl.reopened", { who, note: str(d["note"]) }), "previousState", "previousOutcome");
    case "staff-reprocessed":
      return out(t("tl.reprocessed", { who, reason: d["reason"] ? reasonWords(str(d["reason"])) : "" }), "result");
    case "staff-reprocess-failed":
      return out(t("tl.reprocessFailed", { who, reason: reasonWords(str(d["reason"])) }));
    case "staff-retried-job":
      return out(t("tl.retriedJob", { who }), "queue", "job", "name");
    case "staff-discarded-job":
      return out(t("tl.discardedJob", { who }), "queue", "job", "name");
    case "follow-up-received":
      return out(t("tl.followUp", { ref: str(d["reference"]), subject: str(d["subject"]) }));
    case "closed-with-case":
      return out(t("tl.closedWithCase", { ref: str(d["case"]), outcome: outcomeLabel(str(d["outcome"])) }));
    case "ignored":
      return out(t("tl.notAnswered", { why: reasonWords(str(d["reason"])) }));
    case "failed":
      return out(t("tl.failed", { error: str(d["error"]) }));
    case "hold-placed":
      return out(t("tl.holdPlaced", { who, reason: str(d["reason"]) }));
    case "hold-lifted":
      return out(t("tl.holdLifted", { who }), "reason");
    default: {
      // An event type without a sentence yet: its name in words, never hidden.
      const words = e.type.replace(/^staff-/, "").replace(/-/g, " ");
      keep(...Object.keys(d));
      return { text: t("tl.other", { words: `${words.charAt(0).toUpperCase()}${words.slice(1)}`, who }), technical };
    }
  }
}
