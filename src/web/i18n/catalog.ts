// Every label and message of the staff pages, in English and French (issue 20). The words live in
// words/, one file per page area with both languages side by side, so a translator edits one file
// per area and a missing translation fails the type check there (French<typeof en>: every key of
// en, with the same parameters). This file assembles them and looks a message up. Messages that
// take values are functions; numbers in them are formatted per locale by words/numbers.ts's `n()`.
import { currentLocale, type StaffLocale } from "./locale.js";
import type { French } from "./words/french.js";
import * as layout from "./words/layout.js";
import * as common from "./words/common.js";
import * as overview from "./words/overview.js";
import * as charts from "./words/charts.js";
import * as requests from "./words/requests.js";
import * as review from "./words/review.js";
import * as people from "./words/people.js";
import * as failures from "./words/failures.js";
import * as auth from "./words/auth.js";
import * as alerts from "./words/alerts.js";
import * as data from "./words/data.js";
import * as atRisk from "./words/at-risk.js";
import * as templates from "./words/templates.js";
import * as templateHistory from "./words/template-history.js";
import * as caseWords from "./words/case.js";
import * as decision from "./words/decision.js";
import * as hold from "./words/hold.js";
import * as message from "./words/message.js";
import * as timeline from "./words/timeline.js";
import * as refusals from "./words/refusals.js";

export const en = {
  ...layout.en,
  ...common.en,
  ...overview.en,
  ...charts.en,
  ...requests.en,
  ...review.en,
  ...people.en,
  ...failures.en,
  ...auth.en,
  ...alerts.en,
  ...data.en,
  ...atRisk.en,
  ...templates.en,
  ...templateHistory.en,
  ...caseWords.en,
  ...decision.en,
  ...hold.en,
  ...message.en,
  ...timeline.en,
  ...refusals.en,
};

type Catalog = typeof en;
export type MessageKey = keyof Catalog;
type Params<K extends MessageKey> = Catalog[K] extends (p: infer P, ...rest: never[]) => string ? [P] : [];

export const fr: French<Catalog> = {
  ...layout.fr,
  ...common.fr,
  ...overview.fr,
  ...charts.fr,
  ...requests.fr,
  ...review.fr,
  ...people.fr,
  ...failures.fr,
  ...auth.fr,
  ...alerts.fr,
  ...data.fr,
  ...atRisk.fr,
  ...templates.fr,
  ...templateHistory.fr,
  ...caseWords.fr,
  ...decision.fr,
  ...hold.fr,
  ...message.fr,
  ...timeline.fr,
  ...refusals.fr,
};

const CATALOGS: Record<StaffLocale, Record<string, unknown>> = { en, fr };

/** The message `key` in the page's language (or `locale`), with its values filled in. */
export function t<K extends MessageKey>(key: K, ...params: Params<K>): string {
  return tIn(currentLocale(), key, ...params);
}

export function tIn<K extends MessageKey>(locale: StaffLocale, key: K, ...params: Params<K>): string {
  const m = CATALOGS[locale][key] ?? en[key];
  return typeof m === "function" ? (m as (p: unknown, l: StaffLocale) => string)(params[0], locale) : (m as string);
}

/** A machine value's words when the catalogue has them (`mailbox.connected`), else the value itself. */
export function tMaybe(prefix: string, value: string): string {
  const key = `${prefix}.${value}`;
  const m = CATALOGS[currentLocale()][key];
  return typeof m === "string" ? m : value;
}
