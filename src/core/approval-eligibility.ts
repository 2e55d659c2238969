// May a person on record be given a PIN at all, whoever decides (the bot, a member of staff, or the
// portal when the PIN is entered)? Pure: the same rules and order as verify/decide.ts (primary
// user, dormant organization, expired account), so staff never hand out a PIN the bot would have
// refused and the portal would then accept (issue 20).
import { inactiveFrom, isTwoYearsInactive } from "./dates.js";

export interface EligibilityFacts {
  role: string;
  /** The record's own switch (false: removed from the records). */
  active: boolean;
  organizationActive: boolean;
  /** lastSignInAt, or the record's creation for someone who never signed in. */
  activeSince: Date;
  /** The organization's active primary user's activeSince; null when it has none on record. */
  primaryActiveSince: Date | null;
}

export type IneligibleOutcome = "primary-user" | "organization-dormant" | "account-expired" | "inactive";

export type Eligibility =
  | { eligible: true }
  | {
      eligible: false;
      /** The outcome the bot gives (and the reply template of the same name, except `inactive`). */
      outcome: IneligibleOutcome;
      /** Why, in words, with the date it became so (YYYY-MM-DD, a Toronto date). */
      why: string;
      /** What staff can do instead. */
      instead: string;
      /** The date the account expired or the organization went dormant, when that is the reason. */
      since: string | null;
    };

/** Why no PIN, as a code (issue 14: typed refusals): the English words below and the staff pages' words derive from it. */
export type IneligibleReason = "person-inactive" | "organization-inactive" | "primary-user" | "organization-dormant" | "account-expired";

export interface Ineligibility {
  reason: IneligibleReason;
  /** The date the account expired or the organization went dormant (YYYY-MM-DD, Toronto); null for the other reasons. */
  since: string | null;
}

const OUTCOME: Record<IneligibleReason, IneligibleOutcome> = {
  "person-inactive": "inactive",
  "organization-inactive": "inactive",
  "primary-user": "primary-user",
  "organization-dormant": "organization-dormant",
  "account-expired": "account-expired",
};

/** The rules, in the bot's order; null when a PIN may be given. */
export function ineligibility(f: EligibilityFacts, now: Date): Ineligibility | null {
  if (!f.active) return { reason: "person-inactive", since: null };
  if (!f.organizationActive) return { reason: "organization-inactive", since: null };
  if (f.role === "primary") return { reason: "primary-user", since: null };
  if (f.primaryActiveSince && isTwoYearsInactive(f.primaryActiveSince, now))
    return { reason: "organization-dormant", since: inactiveFrom(f.primaryActiveSince) };
  if (isTwoYearsInactive(f.activeSince, now)) return { reason: "account-expired", since: inactiveFrom(f.activeSince) };
  return null;
}

/** Why, in English words (the JSON API's and the refusal's), with the date it became so. */
export function ineligibleWhy(i: Ineligibility): string {
  switch (i.reason) {
    case "person-inactive":
      return "this person is marked inactive in the records";
    case "organization-inactive":
      return "the organization is marked inactive in the records";
    case "primary-user":
      return "this is the organization's primary user, who signs in without a PIN";
    case "organization-dormant":
      return `the organization is dormant since ${i.since}: its primary user has not signed in for 2 years`;
    case "account-expired":
      return `the account expired on ${i.since}: it has not been signed in to for 2 years`;
  }
}

/** What staff can do instead, in English words. */
export function ineligibleInstead(i: Ineligibility): string {
  switch (i.reason) {
    case "person-inactive":
    case "organization-inactive":
      return "If the records are wrong, correct them and re-run the request; otherwise reject it with a reply that says no PIN can be sent.";
    case "primary-user":
      return "Answer with the “Primary user: no PIN needed” reply.";
    case "organization-dormant":
      return "If the primary user has signed in since, correct the records and re-run the request; otherwise answer with the “Organization dormant” reply.";
    case "account-expired":
      return "If the person has signed in since, correct the records and re-run the request; otherwise answer with the “Account expired” reply.";
  }
}

/** The verdict with its words, as the case's JSON gives it. */
export function eligibilityOf(i: Ineligibility | null): Eligibility {
  if (!i) return { eligible: true };
  return { eligible: false, outcome: OUTCOME[i.reason], why: ineligibleWhy(i), instead: ineligibleInstead(i), since: i.since };
}

export function approvalEligibility(f: EligibilityFacts, now: Date): Eligibility {
  return eligibilityOf(ineligibility(f, now));
}
