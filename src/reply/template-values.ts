// The one place a reply's facts become its template's values. Verification, staff decisions and
// reminders say what they know (the person, the request, the PIN, the dates, the language); this
// module decides what each template may see and how it is written (dates formatted in the reply's
// language, a mismatch reply echoing only the sender's own spelling). Pure: no database, no clock.
import type { ParsedName } from "../core/match-name.js";
import { formatReplyDate } from "./format-date.js";
import { type Locale, type TemplateName, type TemplateValues, templateVariables } from "./template-catalog.js";

/** A person on record, as replies may name them. */
export interface ReplyPerson {
  firstName: string;
  lastName: string;
  organizationName: string | null;
  branchName?: string | null;
  lastSignInAt?: Date | null;
}

/** What the caller knows about the reply to write. A fact it does not have is left out (or null). */
export interface ReplyFacts {
  /** The reply's language: dates are written in it. */
  locale: Locale;
  /** The request's reference; a reminder starts a thread and has none. */
  reference: string | null;
  /** pinmail's own address and the portal's sign-in page, as configured (null when not). */
  contact?: ReplyContact;
  /** The person on record the request matched; null when nobody did. */
  person?: ReplyPerson | null;
  /** The name as the sender wrote it in the email. */
  nameAsWritten?: ParsedName | null;
  pin?: string | null;
  pinExpiresAt?: Date | null;
  /** When staff expect to have answered a request in review. */
  expectedAnswerBy?: Date | null;
  /** The sender's earlier request (a follow-up's case). */
  earlierRequest?: { reference: string; receivedAt: Date } | null;
  /** The earlier reply that carried a PIN (told to a sender who is rate-limited). */
  earlierPinReply?: { reference: string; sentAt: Date } | null;
  /** The only staff text a rejected person gets (never the internal note); empty when none. */
  rejectionMessage?: string | null;
  /** A reminder's deadline (dormancy or account expiry, by template) and who would lose access. */
  reminder?: { deadline: Date; lockedOutUserCount: number } | null;
}

export interface ReplyContact {
  supportAddress: string | null;
  portalUrl: string | null;
}

/** Only the two addresses out of a settings object (which may hold secrets: those stay out of facts). */
export function replyContact(s: ReplyContact): ReplyContact {
  return { supportAddress: s.supportAddress, portalUrl: s.portalUrl };
}

/** Builds a person from a portal user record with its organization and branch. */
export function personOnRecord(u: {
  firstName: string;
  lastName: string;
  organization: { name: string };
  branch: { name: string } | null;
  lastSignInAt?: Date | null;
}): ReplyPerson {
  return {
    firstName: u.firstName,
    lastName: u.lastName,
    organizationName: u.organization.name,
    branchName: u.branch?.name ?? null,
    lastSignInAt: u.lastSignInAt ?? null,
  };
}

type Builder<T extends TemplateName> = (f: ReplyFacts) => TemplateValues<T>;

const date = (f: ReplyFacts, d: Date | null | undefined) => (d ? formatReplyDate(d, f.locale) : null);
const dateTime = (f: ReplyFacts, d: Date | null | undefined) => (d ? formatReplyDate(d, f.locale, { withTime: true }) : null);

const contact = (f: ReplyFacts) => ({ supportAddress: f.contact?.supportAddress ?? null, portalUrl: f.contact?.portalUrl ?? null });
const support = (f: ReplyFacts) => ({ supportAddress: f.contact?.supportAddress ?? null });

/** The person's registered name and organization; all null when nobody matched. */
const onRecord = (f: ReplyFacts) => ({
  firstName: f.person?.firstName ?? null,
  lastName: f.person?.lastName ?? null,
  organizationName: f.person?.organizationName ?? null,
});

/** A mismatch reply may echo only what the sender wrote: never the registered spelling. */
function asWritten(f: ReplyFacts): { firstName: string | null; lastName: string | null } {
  const n = f.nameAsWritten;
  if (!n) return { firstName: null, lastName: null };
  return "fullName" in n ? { firstName: n.fullName, lastName: null } : { firstName: n.firstName, lastName: n.lastName };
}

const pinValues = (f: ReplyFacts) => ({
  ...onRecord(f),
  ...contact(f),
  pin: f.pin ?? null,
  pinExpiresAt: date(f, f.pinExpiresAt),
  branchName: f.person?.branchName ?? null,
  reference: f.reference,
});

const personValues = (f: ReplyFacts) => ({ ...onRecord(f), ...contact(f), reference: f.reference });

const reminderPerson = (f: ReplyFacts) => ({
  ...onRecord(f),
  ...contact(f),
  lastSignInAt: date(f, f.person?.lastSignInAt),
  reference: f.reference,
});

// One builder per template, typed by the catalog: leaving out a variable the catalog declares
// for a template does not compile.
const BUILDERS: { readonly [T in TemplateName]: Builder<T> } = {
  "pin-issued": pinValues,
  "follow-up-pin-issued": pinValues,
  "name-mismatch": (f) => ({ ...asWritten(f), organizationName: f.person?.organizationName ?? null, reference: f.reference, ...support(f) }),
  "name-missing": (f) => ({ reference: f.reference, ...support(f) }),
  "organization-dormant": (f) => ({ organizationName: f.person?.organizationName ?? null, reference: f.reference, ...contact(f) }),
  "account-expired": personValues,
  "primary-user": personValues,
  "not-recognised": (f) => ({ reference: f.reference, ...support(f) }),
  "rate-limited": (f) => ({
    earlierReference: f.earlierPinReply?.reference ?? null,
    earlierSentAt: dateTime(f, f.earlierPinReply?.sentAt),
    reference: f.reference,
    ...support(f),
  }),
  "needs-review": (f) => ({ expectedDate: date(f, f.expectedAnswerBy), reference: f.reference, ...support(f) }),
  "follow-up-review": (f) => ({
    caseReference: f.earlierRequest?.reference ?? null,
    caseReceivedAt: dateTime(f, f.earlierRequest?.receivedAt),
    expectedDate: date(f, f.expectedAnswerBy),
    reference: f.reference,
    ...support(f),
  }),
  rejected: (f) => ({ reason: f.rejectionMessage ?? null, reference: f.reference, ...support(f) }),
  "reminder-primary-dormancy": (f) => ({
    ...reminderPerson(f),
    dormancyDate: date(f, f.reminder?.deadline),
    lockedOutUserCount: f.reminder?.lockedOutUserCount ?? null,
  }),
  "reminder-account-expiry": (f) => ({
    ...reminderPerson(f),
    branchName: f.person?.branchName ?? null,
    accountExpiresAt: date(f, f.reminder?.deadline),
  }),
};

/** The values `template` renders with, from the caller's facts (see buildTemplateVariables for the scope). */
export function templateValues<T extends TemplateName>(template: T, facts: ReplyFacts): TemplateValues<T> {
  const build: Builder<T> = BUILDERS[template];
  return build(facts);
}

/** The required variables these values leave empty: a reply that cannot be sent as it stands. */
export function missingVariables<T extends TemplateName>(template: T, values: TemplateValues<T>): string[] {
  const given = values as Readonly<Record<string, unknown>>;
  return templateVariables(template)
    .filter((v) => v.required && (given[v.name] ?? "") === "")
    .map((v) => v.name);
}
