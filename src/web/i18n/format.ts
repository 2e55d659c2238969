// Dates and numbers as the page's language writes them (issue 20): "6 déc. 2026, 14 h 05" and
// "12 345" in French, "Dec 6, 2026, 14:05" and "12,345" in English. Formatters are built once per
// locale and zone (Intl constructors are slow).
import { currentLocale, type StaffLocale } from "./locale.js";

const INTL: Record<StaffLocale, string> = { en: "en-CA", fr: "fr-CA" };

const numberFormats = new Map<StaffLocale, Intl.NumberFormat>();
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
const dayFormats = new Map<string, Intl.DateTimeFormat>();

export const intlLocale = (l: StaffLocale = currentLocale()) => INTL[l];

export function formatNumber(n: number, l: StaffLocale = currentLocale()): string {
  let f = numberFormats.get(l);
  if (!f) numberFormats.set(l, (f = new Intl.NumberFormat(INTL[l], { maximumFractionDigits: 1 })));
  return f.format(n);
}

/** Date and time to the minute, 24-hour clock, in `timeZone`. */
export function dateTimeFormat(timeZone: string, l: StaffLocale = currentLocale()): Intl.DateTimeFormat {
  const key = `${l}|${timeZone}`;
  let f = dateTimeFormats.get(key);
  if (!f)
    dateTimeFormats.set(
      key,
      (f = new Intl.DateTimeFormat(INTL[l], {
        timeZone,
        year: "numeric",
        month: "short",
        day: "numeric",
        hour: "2-digit",
        minute: "2-digit",
        hourCycle: "h23",
      })),
    );
  return f;
}

/** A short day ("Dec 6" / "6 déc.") in `timeZone`, for chart axes. */
export function dayFormat(timeZone: string, l: StaffLocale = currentLocale()): Intl.DateTimeFormat {
  const key = `${l}|${timeZone}`;
  let f = dayFormats.get(key);
  if (!f) dayFormats.set(key, (f = new Intl.DateTimeFormat(INTL[l], { timeZone, month: "short", day: "numeric" })));
  return f;
}

const fullDayFormats = new Map<string, Intl.DateTimeFormat>();

/** A day with its year ("Dec 19, 2026" / "19 déc. 2026") in `timeZone`, for sentences such as the timeline's. */
export function fullDayFormat(timeZone: string, l: StaffLocale = currentLocale()): Intl.DateTimeFormat {
  const key = `${l}|${timeZone}`;
  let f = fullDayFormats.get(key);
  if (!f) fullDayFormats.set(key, (f = new Intl.DateTimeFormat(INTL[l], { timeZone, year: "numeric", month: "short", day: "numeric" })));
  return f;
}
