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

export function approvalEligibility(f: EligibilityFacts, now: Date): Eligibility {
  if (!f.active || !f.organizationActive) {
    return {
      eligible: false,
      outcome: "inactive",
      why: !f.active ? "this person is marked inactive in the records" : "the organization is marked inactive in the records",
      instead: "If the records are wrong, correct them and re-run the request; otherwise reject it with a reply that says no PIN can be sent.",
      since: null,
    };
  }
  if (f.role === "primary") {
    return {
      eligible: false,
      outcome: "primary-user",
      why: "this is the organization's primary user, who signs in without a PIN",
      instead: "Answer with the “Primary user: no PIN needed” reply.",
      since: null,
    };
  }
  if (f.primaryActiveSince && isTwoYearsInactive(f.primaryActiveSince, now)) {
    const since = inactiveFrom(f.primaryActiveSince);
    return {
      eligible: false,
      outcome: "organization-dormant",
      why: `the organization is dormant since ${since}: its primary user has not signed in for 2 years`,
      instead: "If the primary user has signed in since, correct the records and re-run the request; otherwise answer with the “Organization dormant” reply.",
      since,
    };
  }
  if (isTwoYearsInactive(f.activeSince, now)) {
    const since = inactiveFrom(f.activeSince);
    return {
      eligible: false,
      outcome: "account-expired",
      why: `the account expired on ${since}: it has not been signed in to for 2 years`,
      instead: "If the person has signed in since, correct the records and re-run the request; otherwise answer with the “Account expired” reply.",
      since,
    };
  }
  return { eligible: true };
}
