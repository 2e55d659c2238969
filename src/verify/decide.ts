// The decision for one request, from facts gathered by verify-request.ts. Pure: the order of
// the checks is the product's policy and is tested as a table (test/unit/verify).
//   sender authentication failed → ignored (not on record) or review; address not on record →
//   not-recognised; primary user → primary-user; dormant organization;
//   expired account; no name → name-missing; name differs → name-mismatch; limit reached →
//   rate-limited; else pin-issued. Review reasons found at intake come first.
import { isTwoYearsInactive } from "../core/dates.js";
import { matchName, type ParsedName } from "../core/match-name.js";
import type { SenderAuthStatus } from "../core/sender-auth.js";
import type { TemplateName } from "../reply/template-catalog.js";

export const OUTCOMES = [
  "pin-issued",
  "name-mismatch",
  "name-missing",
  "organization-dormant",
  "account-expired",
  "primary-user",
  "not-recognised",
  "rate-limited",
  "needs-review",
  "rejected",
] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const STATES = ["received", "processing", "review", "answered", "ignored", "failed"] as const;
export type RequestState = (typeof STATES)[number];

export interface UserFacts {
  role: "primary" | "secondary" | "branch";
  firstName: string;
  lastName: string;
  /** lastSignInAt, or when the record was created for someone who never signed in. */
  activeSince: Date;
  /** The organization's primary user's activeSince (null when it has none on record). */
  primaryActiveSince: Date | null;
}

export interface EarlierRequest {
  id: number;
  reference: string;
  state: RequestState;
  outcome: Outcome | null;
  receivedAt: Date;
  /** The case's due date while it is in review (a follow-up joining it is told this date). */
  dueAt?: Date | null;
  /** A PIN was issued for it and is still neither used, revoked nor expired. */
  pinOutstanding: boolean;
}

export interface DecisionFacts {
  kind: "reset" | "follow-up";
  reviewReason: string | null;
  /** False when intake sent the request to review silently (old mail; review_acknowledged): no reply at all. */
  reviewAcknowledged: boolean;
  /** The request's own sender authentication (absent or null: nothing known, as "none"). */
  senderAuth?: SenderAuthStatus | null;
  user: UserFacts | null;
  name: ParsedName | null;
  earlier: EarlierRequest | null;
  pinsLast24h: number;
  repliesToAddressLast24h: number;
  rateLimitedReplyLast24h: boolean;
  notRecognisedRepliesLastHour: number;
  limits: { pinsPerDay: number; unknownPerAddressPerDay: number; unknownPerHour: number; repliesPerAddressPerDay: number };
  now: Date;
}

export type Decision =
  | { state: "processing"; outcome: Outcome; template: TemplateName; issuePin: boolean; why: string }
  | { state: "review"; outcome: "needs-review"; template: TemplateName | null; joinEarlier: boolean; why: string }
  | { state: "ignored"; outcome: Outcome; template: null; why: string };

const reply = (outcome: Outcome, template: TemplateName, why: string, issuePin = false): Decision => ({
  state: "processing",
  outcome,
  template,
  issuePin,
  why,
});

export function decide(f: DecisionFacts): Decision {
  if (f.reviewReason !== null && !f.reviewAcknowledged) {
    return { state: "review", outcome: "needs-review", template: null, joinEarlier: false, why: f.reviewReason };
  }
  // Authentication first (issue 13.8): a forged sender must learn nothing and get nothing.
  if (f.senderAuth === "fail") {
    const why = f.reviewReason ?? "sender authentication failed";
    // Not on record: no reply at all (a reply would go to whoever was forged, echoing the attacker).
    if (!f.user) return { state: "ignored", outcome: "not-recognised", template: null, why: `${why}; address not on record, not answered` };
    // A follow-up joins the case in review but is answered only when it passes itself.
    if (f.kind === "follow-up" && f.earlier?.state === "review") {
      return {
        state: "review",
        outcome: "needs-review",
        template: null,
        joinEarlier: true,
        why: `${why}; follow-up of ${f.earlier.reference}, which is in review; not answered`,
      };
    }
    // Registered: staff decide; the acknowledgement goes to the registered address (the real owner),
    // and not past the daily reply limit, so forged mail cannot flood that person either.
    const ack = f.repliesToAddressLast24h < f.limits.repliesPerAddressPerDay;
    return {
      state: "review",
      outcome: "needs-review",
      template: ack ? "needs-review" : null,
      joinEarlier: false,
      why: ack ? why : `${why}; reply limit for this address reached`,
    };
  }
  if (!f.user) {
    // Forged senders must not turn pinmail into a backscatter source.
    if (f.repliesToAddressLast24h >= f.limits.unknownPerAddressPerDay)
      return { state: "ignored", outcome: "not-recognised", template: null, why: "address not on record; reply limit for this address reached" };
    if (f.notRecognisedRepliesLastHour >= f.limits.unknownPerHour)
      return { state: "ignored", outcome: "not-recognised", template: null, why: "address not on record; hourly limit of not-recognised replies reached" };
    return reply("not-recognised", "not-recognised", "address not on record");
  }
  // A mail bomb or a loop with an auto-responder must not become a mail flood, whatever the outcome.
  const silenced = f.repliesToAddressLast24h >= f.limits.repliesPerAddressPerDay;
  const guard = (d: Decision): Decision =>
    silenced && d.state !== "review" ? { state: "ignored", outcome: d.outcome, template: null, why: `${d.why}; reply limit for this address reached` } : d;

  if (f.reviewReason) return { state: "review", outcome: "needs-review", template: "needs-review", joinEarlier: false, why: f.reviewReason };
  if (f.kind === "follow-up" && f.earlier?.state === "review") {
    return {
      state: "review",
      outcome: "needs-review",
      template: "follow-up-review",
      joinEarlier: true,
      why: `follow-up of ${f.earlier.reference}, which is in review`,
    };
  }
  const u = f.user;
  if (u.role === "primary") return guard(reply("primary-user", "primary-user", "the primary user needs no PIN"));
  if (f.user.primaryActiveSince && isTwoYearsInactive(f.user.primaryActiveSince, f.now)) {
    return guard(reply("organization-dormant", "organization-dormant", "the primary user has not signed in for 2 years"));
  }
  if (isTwoYearsInactive(u.activeSince, f.now)) return guard(reply("account-expired", "account-expired", "this account has not signed in for 2 years"));
  if (!f.name) return guard(reply("name-missing", "name-missing", "no name found in the mail"));
  if (!matchName(f.name, u)) return guard(reply("name-mismatch", "name-mismatch", "the name does not match the records"));
  if (f.pinsLast24h >= f.limits.pinsPerDay) {
    if (f.rateLimitedReplyLast24h || silenced)
      return { state: "ignored", outcome: "rate-limited", template: null, why: `${f.limits.pinsPerDay} PINs in 24 hours; already told` };
    return reply("rate-limited", "rate-limited", `${f.limits.pinsPerDay} PINs in 24 hours`);
  }
  const followUp = f.kind === "follow-up" && f.earlier?.outcome === "pin-issued" && f.earlier.pinOutstanding;
  return guard(
    reply(
      "pin-issued",
      followUp ? "follow-up-pin-issued" : "pin-issued",
      followUp ? `follow-up of ${f.earlier!.reference}: fresh PIN, the old one stops working` : "name and address match the records",
      true,
    ),
  );
}
