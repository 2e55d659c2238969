// The refusals of review actions (approve, reject, close, assign, correct name, reopen,
// re-process) in the staff page's language (issue 20). src/review answers in English, and the
// JSON API keeps those words; the case page re-tells the ones it knows from the catalogue and
// shows any other message as it came, so nothing is ever hidden.
import { t } from "../i18n/catalog.js";
import { currentLocale } from "../i18n/locale.js";
import { outcomeLabel, stateLabel, templateLabel } from "../views/words.js";
import { NO_SENDER_MESSAGE } from "../../review/approve-request.js";
import { reasonWords } from "./timeline-words.js";

/** Machine values (states, outcomes, template names) stay as they are in English and get words in French. */
const words = (value: string, label: (v: string) => string) => (currentLocale() === "fr" ? label(value) : value);

/** A state with its outcome: "review, needs-review" (or "review (needs-review)"), each in words in French. */
const stateWords = (state: string, outcome: string | undefined, open: string, close: string) =>
  `${words(state, stateLabel)}${outcome ? `${open}${words(outcome, outcomeLabel)}${close}` : ""}`;

/** The bot's refusal (core/approval-eligibility.ts) re-told from its English words. */
function noPin(why: string): string {
  const dormant = /^the organization is dormant since (\S+):/.exec(why);
  if (dormant)
    return t("re.noPin", {
      why: t("dp.why.dormant", { since: dormant[1]! }),
      instead: t("dp.instead.dormant", { reply: templateLabel("organization-dormant") }),
    });
  const expired = /^the account expired on (\S+):/.exec(why);
  if (expired)
    return t("re.noPin", { why: t("dp.why.expired", { since: expired[1]! }), instead: t("dp.instead.expired", { reply: templateLabel("account-expired") }) });
  if (why.startsWith("this is the organization's primary user"))
    return t("re.noPin", { why: t("dp.why.primary"), instead: t("dp.instead.primary", { reply: templateLabel("primary-user") }) });
  if (why.startsWith("this person is marked inactive")) return t("re.noPin", { why: t("dp.why.personInactive"), instead: t("dp.instead.inactive") });
  if (why.startsWith("the organization is marked inactive")) return t("re.noPin", { why: t("dp.why.orgInactive"), instead: t("dp.instead.inactive") });
  return `${t("dp.noPinCan")} ${why}`;
}

const RULES: Array<[RegExp, (m: RegExpExecArray) => string]> = [
  [
    /^(\S+) was changed by someone else meanwhile \(now ([^,)]+)(?:, ([^)]+))?\); reload and check before acting$/,
    (m) => t("re.changed", { ref: m[1]!, now: stateWords(m[2]!, m[3], ", ", "") }),
  ],
  [/^(\S+) is (\S+)(?: \((\S+)\))?, so this action does not apply any more$/, (m) => t("re.noLonger", { ref: m[1]!, now: stateWords(m[2]!, m[3], " (", ")") })],
  [/^(\S+) is a follow-up that is part of case (\S+), which is in review: decide that case$/, (m) => t("re.partOfCase", { ref: m[1]!, case: m[2]! })],
  [/^no person on record for (.*): there is nobody to give a PIN to; reject the request instead$/, (m) => t("re.noPerson", { sender: m[1]! })],
  [/^No PIN can be issued: (.*)$/s, (m) => noPin(m[1]!)],
  [/^say why the case is closed without a reply \(recorded for staff, never sent\)$/, () => t("re.closeWhy")],
  [/^the note is longer than (\d+) characters$/, (m) => t("re.noteTooLong", { max: Number(m[1]) })],
  [/^both the first and the last name are needed$/, () => t("re.bothNames")],
  [/^names longer than (\d+) characters are not names$/, (m) => t("re.namesTooLong", { max: Number(m[1]) })],
  [
    /^the (\S+) reply needs (.*), which this request does not have; choose another reply$/,
    (m) => t("re.templateNeeds", { reply: words(m[1]!, templateLabel), values: m[2]! }),
  ],
  [/^an internal note is required \(reason: recorded for staff, never sent\)$/, () => t("re.noteRequired")],
  [/^the internal note is longer than (\d+) characters$/, (m) => t("re.internalTooLong", { max: Number(m[1]) })],
  [/^the message to the person is longer than (\d+) characters$/, (m) => t("re.messageTooLong", { max: Number(m[1]) })],
  [/^say why the request is reopened$/, () => t("re.reopenWhy")],
  [/^(\S+) is not a message waiting in the attention folder \(it is (\S+)\)$/, (m) => t("re.notAttention", { ref: m[1]!, state: words(m[2]!, stateLabel) })],
  [/^(\S+)'s raw source was removed by the retention purge on (\S+); there is nothing to re-process$/, (m) => t("re.rawPurged", { ref: m[1]!, at: m[2]! })],
  [/^(\S+) was re-processed by someone else meanwhile$/, (m) => t("re.reprocessedMeanwhile", { ref: m[1]! })],
  [/^template: not a reply staff can choose \((.*)\)$/, (m) => t("re.notChoosable", { template: m[1]! })],
  [/^Still cannot be processed: (.*)$/s, (m) => t("re.stillUnreadable", { reason: words(m[1]!, reasonWords) })],
  [/^Not found\.$/, () => t("common.notFound")],
];

/** `message` from a review action, in the page's language when it is one pinmail knows. */
export function reviewErrorWords(message: string): string {
  if (message === NO_SENDER_MESSAGE) return t("dp.noSender");
  for (const [re, say] of RULES) {
    const m = re.exec(message);
    if (m) return say(m);
  }
  return message;
}
