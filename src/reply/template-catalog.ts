import { formatReplyDate } from "./format-date.js";

/**
 * Every template pinmail can send, and the variables each one may use. The catalog lives in code,
 * not in the template files, so an admin editing wording cannot widen what a template can see.
 */

export const LOCALES = ["en", "fr"] as const;
export type Locale = (typeof LOCALES)[number];

export const TEMPLATE_NAMES = [
  "pin-issued",
  "follow-up-pin-issued",
  "name-mismatch",
  "name-missing",
  "organization-dormant",
  "account-expired",
  "primary-user",
  "not-recognised",
  "rate-limited",
  "needs-review",
  "follow-up-review",
  "rejected",
  "reminder-primary-dormancy",
  "reminder-account-expiry",
] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

export type TemplateKey = `${TemplateName}.${Locale}`;

/** A value a template can print. Dates arrive preformatted (see format-date.ts). */
export type TemplateValue = string | number | boolean | null;

export interface TemplateVariable {
  readonly name: string;
  /**
   * Required: the caller must give a non-empty value, and the validator refuses a template
   * (HTML, and text when authored) that never uses it. Optional variables may be null; templates
   * guard them with `{% if %}`.
   */
  readonly required: boolean;
  readonly description: string;
}

/**
 * Replies whose subject is their template's own, never "Re: <the sender's subject>": a
 * not-recognised reply goes to an address nobody on record owns, so it must not carry words the
 * sender chose (issue 13.8).
 */
export const OWN_SUBJECT_TEMPLATES: readonly TemplateName[] = ["not-recognised"];

export function hasOwnSubject(name: string): boolean {
  return (OWN_SUBJECT_TEMPLATES as readonly string[]).includes(name);
}

export function isTemplateName(value: string): value is TemplateName {
  return (TEMPLATE_NAMES as readonly string[]).includes(value);
}

export function isLocale(value: string): value is Locale {
  return (LOCALES as readonly string[]).includes(value);
}

export function templateKey(name: TemplateName, locale: Locale): TemplateKey {
  return `${name}.${locale}`;
}

const DESCRIPTIONS: Record<string, string> = {
  reference: "Reference of this request, e.g. PM-261126-7K3Q",
  supportAddress: "pinmail's own address, where people can write back",
  portalUrl: "The portal's sign-in page (PORTAL_URL)",
  firstName: "First (given) name as the organization registered it",
  lastName: "Last (family) name as the organization registered it",
  pin: "The new single-use PIN (digits)",
  pinExpiresAt: "Date the PIN stops working, preformatted",
  organizationName: "The organization's name",
  branchName: "The branch the PIN gives access to, or null for the whole organization",
  expectedDate:
    "Date staff expect to have answered, preformatted (3 business days after pinmail took the mail, or the case's own due date for a follow-up; America/Toronto)",
  caseReference: "Reference of the earlier request that is in review",
  caseReceivedAt: "Date the earlier request arrived in the mailbox, preformatted",
  reason:
    "The message staff chose to send the person with a rejection (the `message` of the reject action); empty when they wrote none. Staff's internal note is never given to templates",
  earlierReference: "Reference of the earlier reply that carried the PIN",
  earlierSentAt: "Date and time that earlier reply was sent, preformatted",
  lastSignInAt: "Date of the last recorded sign-in, preformatted",
  dormancyDate: "Date the organization's access goes dormant, preformatted",
  lockedOutUserCount: "How many secondary and branch users would lose access (a number)",
  accountExpiresAt: "Date this user's account expires, preformatted",
};

const NAME_AS_WRITTEN: Record<string, string> = {
  firstName: "First name as read from the email (may be null)",
  lastName: "Last name as read from the email (may be null)",
};

// [variable, required, description override]
type Spec = ReadonlyArray<readonly [string, boolean, string?]>;

const PIN_VARIABLES = [
  ["firstName", true],
  ["lastName", true],
  ["pin", true],
  ["pinExpiresAt", true],
  ["organizationName", false],
  ["branchName", false],
  ["reference", true],
  ["portalUrl", false],
  ["supportAddress", false],
] as const satisfies Spec;

// Kept literal (`as const`) so the variable names and their required flags are types too:
// TemplateValues below is derived from this table.
const SPECS = {
  "pin-issued": PIN_VARIABLES,
  "follow-up-pin-issued": PIN_VARIABLES,
  "name-mismatch": [
    ["firstName", false, NAME_AS_WRITTEN.firstName],
    ["lastName", false, NAME_AS_WRITTEN.lastName],
    ["organizationName", false],
    ["reference", true],
    ["supportAddress", false],
  ],
  "name-missing": [
    ["reference", true],
    ["supportAddress", false],
  ],
  "organization-dormant": [
    ["organizationName", false],
    ["reference", true],
    ["portalUrl", false],
    ["supportAddress", false],
  ],
  "account-expired": [
    ["firstName", false],
    ["lastName", false],
    ["organizationName", false],
    ["reference", true],
    ["portalUrl", false],
    ["supportAddress", false],
  ],
  "primary-user": [
    ["firstName", false],
    ["lastName", false],
    ["organizationName", false],
    ["reference", true],
    ["portalUrl", false],
    ["supportAddress", false],
  ],
  // Deliberately nothing about the person: this reply must not reveal whether anyone exists.
  "not-recognised": [
    ["reference", true],
    ["supportAddress", false],
  ],
  "rate-limited": [
    ["earlierReference", false],
    ["earlierSentAt", false],
    ["reference", true],
    ["supportAddress", false],
  ],
  // Review can be reached by senders who are not on record, so no names here either.
  "needs-review": [
    ["expectedDate", true],
    ["reference", true],
    ["supportAddress", false],
  ],
  "follow-up-review": [
    ["caseReference", true],
    ["caseReceivedAt", false],
    ["expectedDate", true],
    ["reference", true],
    ["supportAddress", false],
  ],
  rejected: [
    // Optional since issue 20: staff may reject without a message; guard it with {% if reason %}.
    ["reason", false],
    ["reference", true],
    ["supportAddress", false],
  ],
  // Reminders start a thread instead of answering one, so a reference is optional there.
  "reminder-primary-dormancy": [
    ["firstName", false],
    ["lastName", false],
    ["organizationName", false],
    ["lastSignInAt", false],
    ["dormancyDate", true],
    ["lockedOutUserCount", true],
    ["reference", false],
    ["portalUrl", false],
    ["supportAddress", false],
  ],
  "reminder-account-expiry": [
    ["firstName", false],
    ["lastName", false],
    ["organizationName", false],
    ["branchName", false],
    ["lastSignInAt", false],
    ["accountExpiresAt", true],
    ["reference", false],
    ["portalUrl", false],
    ["supportAddress", false],
  ],
} as const satisfies Record<TemplateName, Spec>;

type SpecEntry<T extends TemplateName> = (typeof SPECS)[T][number];

/** The variables a template declares, as a union of their names. */
export type TemplateVariableName<T extends TemplateName> = SpecEntry<T>[0];

/**
 * The values one template renders with: exactly the variables the catalog declares for it, each
 * present (a missing one is a compile error); optional ones may be null. A required one must also
 * be non-empty, which buildTemplateVariables checks when the reply is rendered.
 */
export type TemplateValues<T extends TemplateName> = { readonly [V in TemplateVariableName<T>]: TemplateValue };

const CATALOG = new Map<TemplateName, readonly TemplateVariable[]>(
  TEMPLATE_NAMES.map((name) => [
    name,
    Object.freeze(
      SPECS[name].map(([variable, required, description]) =>
        Object.freeze({ name: variable, required, description: description ?? DESCRIPTIONS[variable] ?? variable }),
      ),
    ),
  ]),
);

export function templateVariables(name: TemplateName): readonly TemplateVariable[] {
  const variables = CATALOG.get(name);
  if (!variables) throw new Error(`unknown template: ${String(name)}`);
  return variables;
}

/**
 * The exact scope a template renders with: every declared variable present (optional ones
 * default to null, because strictVariables treats a missing key as an error), nothing else.
 * Throws when a required value is missing or a value is not a printable primitive: that is a
 * bug in the caller, and it must not turn into a half-empty email.
 */
export function buildTemplateVariables(name: TemplateName, values: Readonly<Record<string, unknown>>): Record<string, TemplateValue> {
  const scope: Record<string, TemplateValue> = {};
  for (const variable of templateVariables(name)) {
    const value = Object.hasOwn(values, variable.name) ? values[variable.name] : undefined;
    if (value === undefined || value === null || value === "") {
      if (variable.required) throw new Error(`template ${name}: required variable ${variable.name} is missing`);
      scope[variable.name] = null;
      continue;
    }
    if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") {
      throw new Error(`template ${name}: variable ${variable.name} must be a string, number or boolean (format dates with formatReplyDate)`);
    }
    scope[variable.name] = value;
  }
  return scope;
}

// Fixed instants keep previews and tests stable.
const SAMPLE_DATES = {
  pinExpiresAt: new Date("2026-12-10T17:00:00Z"),
  expectedDate: new Date("2026-12-01T17:00:00Z"),
  caseReceivedAt: new Date("2026-11-24T14:30:00Z"),
  earlierSentAt: new Date("2026-11-26T13:05:00Z"),
  lastSignInAt: new Date("2025-05-14T15:00:00Z"),
  dormancyDate: new Date("2027-05-14T15:00:00Z"),
  accountExpiresAt: new Date("2027-02-03T15:00:00Z"),
} as const;

const SAMPLE_TEXT: Record<Locale, Record<string, TemplateValue>> = {
  en: {
    firstName: "Maria",
    lastName: "Santos",
    organizationName: "Northwind Logistics Inc.",
    branchName: "Hamilton Warehouse",
    reason: "We could not confirm that your email came from the address your organization registered. Please write again from your work address.",
  },
  fr: {
    firstName: "Anne-Marie",
    lastName: "Dubois-Lévesque",
    organizationName: "Boulangerie Tremblay inc.",
    branchName: "Succursale de Québec",
    reason:
      "Nous n'avons pas pu confirmer que votre courriel venait de l'adresse enregistrée par votre organisation. Veuillez nous écrire de nouveau depuis votre adresse professionnelle.",
  },
};

function sampleValue(variable: string, locale: Locale): TemplateValue {
  const localized = SAMPLE_TEXT[locale][variable];
  if (localized !== undefined) return localized;
  if (variable in SAMPLE_DATES) {
    const date = SAMPLE_DATES[variable as keyof typeof SAMPLE_DATES];
    return formatReplyDate(date, locale, { withTime: variable === "earlierSentAt" });
  }
  switch (variable) {
    case "reference":
      return "PM-261126-7K3Q";
    case "caseReference":
      return "PM-261124-Q8ZD";
    case "earlierReference":
      return "PM-261126-3HWA";
    case "pin":
      return "48207315";
    case "portalUrl":
      return "https://portal.example.gov/sign-in";
    case "supportAddress":
      return "pin-reset@example.org";
    case "lockedOutUserCount":
      return 4;
    default:
      throw new Error(`no sample value for ${variable}`);
  }
}

/** Realistic values for every declared variable (optional ones filled too), for previews and tests. */
export function sampleVariables(name: TemplateName, locale: Locale): Record<string, TemplateValue> {
  const values: Record<string, TemplateValue> = {};
  for (const variable of templateVariables(name)) values[variable.name] = sampleValue(variable.name, locale);
  return values;
}
