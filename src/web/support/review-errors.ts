// The refusals of staff actions (approve, reject, close, assign, correct name, reopen, re-process,
// revoke) in the staff page's language (issue 20), told from their code and values
// (src/review/refusal.ts) through the catalogue, never from the English sentence, which the JSON
// API keeps. Words from below review (the outbox refusing a recipient) come as plain text and are
// shown as they came, so nothing is ever hidden.
import type { Ineligibility } from "../../core/approval-eligibility.js";
import type { Refusal, RefusalCode, RefusalParams } from "../../review/refusal.js";
import { t } from "../i18n/catalog.js";
import { currentLocale } from "../i18n/locale.js";
import { outcomeLabel, stateLabel, templateLabel } from "../views/words.js";
import { reasonWords } from "./timeline-words.js";

/** What a page shows after a refused action: a typed refusal, or plain words shown as they came. */
export type ActionError = Refusal | string;

/** Machine values (states, outcomes, template names) stay as they are in English and get words in French. */
const words = (value: string, label: (v: string) => string) => (currentLocale() === "fr" ? label(value) : value);

/** A state with its outcome: "review, needs-review" (or "review (needs-review)"), each in words in French. */
const stateWords = (state: string, outcome: string | null, open: string, close: string) =>
  `${words(state, stateLabel)}${outcome ? `${open}${words(outcome, outcomeLabel)}${close}` : ""}`;

/** Why the bot's rules give no PIN (core/approval-eligibility.ts) and what staff can do instead. */
export function ineligibleWords(i: Ineligibility): { why: string; instead: string } {
  const since = i.since ?? "";
  switch (i.reason) {
    case "person-inactive":
      return { why: t("dp.why.personInactive"), instead: t("dp.instead.inactive") };
    case "organization-inactive":
      return { why: t("dp.why.orgInactive"), instead: t("dp.instead.inactive") };
    case "primary-user":
      return { why: t("dp.why.primary"), instead: t("dp.instead.primary", { reply: templateLabel("primary-user") }) };
    case "organization-dormant":
      return { why: t("dp.why.dormant", { since }), instead: t("dp.instead.dormant", { reply: templateLabel("organization-dormant") }) };
    case "account-expired":
      return { why: t("dp.why.expired", { since }), instead: t("dp.instead.expired", { reply: templateLabel("account-expired") }) };
  }
}

/** One entry per refusal code: a code added in src/review without words here fails the type check. */
const WORDS: { [C in RefusalCode]: (p: RefusalParams[C]) => string } = {
  "changed-meanwhile": (p) => t("re.changed", { ref: p.reference, now: stateWords(p.state, p.outcome, ", ", "") }),
  "no-longer-applies": (p) => t("re.noLonger", { ref: p.reference, now: stateWords(p.state, p.outcome, " (", ")") }),
  "part-of-case": (p) => t("re.partOfCase", { ref: p.reference, case: p.case }),
  "no-sender": () => t("dp.noSender"),
  "no-person": (p) => t("re.noPerson", { sender: p.sender }),
  "not-eligible": (p) => t("re.noPin", ineligibleWords(p)),
  "close-note-missing": () => t("re.closeWhy"),
  "close-note-too-long": (p) => t("re.noteTooLong", { max: p.max }),
  "names-missing": () => t("re.bothNames"),
  "names-too-long": (p) => t("re.namesTooLong", { max: p.max }),
  "reply-needs-values": (p) => t("re.templateNeeds", { reply: words(p.template, templateLabel), values: p.values.join(", ") }),
  "internal-note-missing": () => t("re.noteRequired"),
  "internal-note-too-long": (p) => t("re.internalTooLong", { max: p.max }),
  "message-too-long": (p) => t("re.messageTooLong", { max: p.max }),
  "not-choosable": (p) => t("re.notChoosable", { template: p.template }),
  "reopen-note-missing": () => t("re.reopenWhy"),
  "not-in-attention": (p) => t("re.notAttention", { ref: p.reference, state: words(p.state, stateLabel) }),
  "raw-purged": (p) => t("re.rawPurged", { ref: p.reference, at: p.at }),
  "reprocessed-meanwhile": (p) => t("re.reprocessedMeanwhile", { ref: p.reference }),
  "still-unreadable": (p) => t("re.stillUnreadable", { reason: words(p.reason, reasonWords) }),
  "pin-not-live": () => t("re.pinNotLive"),
};

/** A refusal in the page's language. */
export function refusalWords(r: Refusal): string {
  return (WORDS[r.code] as (p: Refusal["params"]) => string)(r.params);
}

/** The error of a staff action, in the page's language when it is a refusal pinmail knows. */
export function reviewErrorWords(e: ActionError): string {
  if (typeof e !== "string") return refusalWords(e);
  return e === "Not found." ? t("common.notFound") : e;
}
