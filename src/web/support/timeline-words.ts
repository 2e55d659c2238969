// The case timeline in words (issue 20): one sentence per audit event ("Name read from the
// labelled lines: Maria Santos", "Sent to review: received 20 days before pinmail took it, over
// the 14-day limit", "PIN issued by support@..., expires Dec 19"), with the technical details
// (event type, message id, uid, size) kept apart for the page to fold away. No JSON and no
// setting names in the sentence.
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

export const NAME_SOURCES: Record<string, string> = {
  labelled: "the labelled lines",
  "my-name-is": "an introduction (“my name is …”)",
  "last-first": "a “last name, first name” line",
  signature: "the signature",
  subject: "the subject",
  "from-display-name": "the sender's display name",
};

/** A review or ignore reason in words: pinmail's phrases, minus setting names. */
export function reasonWords(reason: string): string {
  const old = /^too old: arrived (\d+) days? before pinmail saw it \(([A-Z_]+)=(\d+)\)$/.exec(reason);
  if (old) return `received ${old[1]} days before pinmail took it, over the ${old[3]}-day limit`;
  const big = /^message of (\d+) bytes is over [A-Z_]+ \((\d+)\)(.*)$/.exec(reason);
  if (big) return `the message (${big[1]} bytes) is larger than the ${big[2]}-byte limit${big[3]}`;
  const auth = /^sender authentication: (.*)$/.exec(reason);
  if (auth) return `the sender could not be confirmed (${auth[1]})`;
  const undeliverable = /^reply undeliverable: (.*)$/.exec(reason);
  if (undeliverable) return `the reply could not be delivered (${undeliverable[1]})`;
  // Any other setting name in parentheses ("(SOME_SETTING=3)") is for administrators, not here.
  return reason.replace(/\s*\([A-Z][A-Z0-9_]{2,}(=[^)]*)?\)/g, "").replace(/\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b/g, "the limit");
}

const str = (v: unknown) => (typeof v === "string" ? v : v === null || v === undefined ? "" : typeof v === "object" ? JSON.stringify(v) : String(v));

function nameOf(n: unknown): string {
  if (!n || typeof n !== "object") return "";
  const o = n as Record<string, unknown>;
  return str(o["fullName"]) || [str(o["firstName"]), str(o["lastName"])].filter(Boolean).join(" ");
}

const actorWords = (a: string) => (a === "pinmail" ? "pinmail" : a === "enrollment-api" ? "the portal" : a);

/** `day` formats a date for the sentence ("Dec 19"), in the staff's zone. */
export function eventWords(e: TimelineEvent, day: (iso: string) => string): EventWords {
  const d = (e.detail && typeof e.detail === "object" ? e.detail : {}) as Record<string, unknown>;
  const who = actorWords(e.actor);
  const technical: Array<[string, string]> = [
    ["Event", e.type],
    ["By", e.actor],
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
      return out("Received from the mailbox", "mailbox", "uid", "size");
    case "classified": {
      const kind = d["kind"] === "follow-up" ? "a follow-up" : d["kind"] === "reset" ? "a PIN reset request" : "a message";
      const lang = d["language"] ? ` in ${localeLabel(str(d["language"]))}` : "";
      const name = nameOf(d["name"]);
      const src = d["name"] && typeof d["name"] === "object" ? NAME_SOURCES[str((d["name"] as Record<string, unknown>)["source"])] : undefined;
      const parts = [`Read as ${kind}${lang}`];
      parts.push(name ? `Name read from ${src ?? "the message"}: ${name}` : "No name found in the message");
      if (d["review"]) parts.push(`For review: ${reasonWords(str(d["review"]))}`);
      return out(parts.join(". "), "kind", "language");
    }
    case "verified": {
      const why = reasonWords(str(d["why"]));
      if (d["state"] === "review") return out(`Sent to review: ${why}`, "outcome", "state", "matchedUser");
      if (d["state"] === "ignored") return out(`Not answered: ${why}`, "outcome", "state", "matchedUser");
      return out(`Checked against the records: ${outcomeLabel(str(d["outcome"]))} (${why})`, "outcome", "state", "matchedUser");
    }
    case "pin-issued": {
      const exp = d["expiresAt"] ? `, expires ${day(str(d["expiresAt"]))}` : "";
      const earlier = Number(d["revokedEarlier"] ?? 0) > 0 ? "; the earlier PIN stopped working" : "";
      return out(`PIN issued by ${who}${exp}${earlier}`, "expiresAt", "revokedEarlier");
    }
    case "pin-used":
      return out("PIN used on the portal", "clientIp");
    case "pin-revoked":
      return out(`PIN revoked by ${who}${d["reason"] ? `: ${str(d["reason"])}` : ""}`, "pinId");
    case "reply-queued":
      return out(
        `Reply “${templateLabel(str(d["template"]))}” in ${localeLabel(str(d["locale"]))} prepared for ${str(d["to"])}`,
        "template",
        "locale",
        "messageId",
      );
    case "reply-sent":
      return out(`Reply “${templateLabel(str(d["template"]))}” sent to ${str(d["to"])}`, "template", "messageId");
    case "reply-failed":
      return out(`Sending the reply failed: ${str(d["error"])}`);
    case "reply-undeliverable":
      return out(`The reply could not be delivered: ${str(d["reason"])}`);
    case "staff-approved":
      return out(`Approved by ${who}: a new PIN goes to ${str(d["to"])}`, "reviewReason");
    case "staff-rejected": {
      const msg = d["message"] ? ` Message to the person: “${str(d["message"])}”.` : " No message to the person.";
      return out(
        `Rejected by ${who} with the “${templateLabel(str(d["template"]) || "rejected")}” reply. Internal note: “${str(d["reason"])}”.${msg}`,
        "template",
        "reviewReason",
      );
    }
    case "staff-closed":
      return out(`Closed without a reply by ${who}: ${str(d["note"])}`, "reviewReason");
    case "staff-assigned":
      return out(`Assigned to ${str(d["to"]) || who}${d["previous"] ? ` (was ${str(d["previous"])})` : ""}`);
    case "staff-reopened":
      return out(`Reopened for review by ${who}: ${str(d["note"])}`, "previousState", "previousOutcome");
    case "staff-reprocessed":
      return out(`Re-processed by ${who}${d["reason"] ? `: ${reasonWords(str(d["reason"]))}` : ""}`, "result");
    case "staff-reprocess-failed":
      return out(`Re-processing by ${who} failed: ${reasonWords(str(d["reason"]))}`);
    case "staff-retried-job":
      return out(`A failed step was run again by ${who}`, "queue", "job", "name");
    case "staff-discarded-job":
      return out(`A failed step was given up by ${who}`, "queue", "job", "name");
    case "follow-up-received":
      return out(`A follow-up arrived: ${str(d["reference"])}${d["subject"] ? ` (“${str(d["subject"])}”)` : ""}`);
    case "closed-with-case":
      return out(`Settled with its case ${str(d["case"])}: ${outcomeLabel(str(d["outcome"]))}`);
    case "ignored":
      return out(`Not answered: ${reasonWords(str(d["reason"]))}`);
    case "failed":
      return out(`Processing failed: ${str(d["error"])}`);
    case "hold-placed":
      return out(`Legal hold placed by ${who}: ${str(d["reason"])}`);
    case "hold-lifted":
      return out(`Legal hold lifted by ${who}`, "reason");
    default: {
      const words = e.type.replace(/^staff-/, "").replace(/-/g, " ");
      keep(...Object.keys(d));
      return { text: `${words.charAt(0).toUpperCase()}${words.slice(1)} (by ${who})`, technical };
    }
  }
}
