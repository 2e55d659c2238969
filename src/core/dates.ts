import { formatCalendarDate, torontoCalendarDate, type CalendarDate } from "./toronto-date.js";

/**
 * "Two years" of inactivity (dormant organization, expired account) is counted in calendar
 * years on America/Toronto dates, not in milliseconds: a last sign-in on 2024-11-26 (any time
 * of day) makes the account dormant/expired for the whole of 2026-11-26 and after.
 *
 * Feb 29 plus whole years lands on Feb 28 in a non-leap year (clamped to the end of the
 * month). That is what PostgreSQL's `date + interval '2 years'`, date-fns and java.time do,
 * so an SQL query and this code agree on the same rows.
 */

export const INACTIVITY_YEARS = 2;

function addYearsToDate(d: CalendarDate, years: number): CalendarDate {
  const year = d.year + years;
  const lastDay = new Date(Date.UTC(year, d.month, 0)).getUTCDate();
  return { year, month: d.month, day: Math.min(d.day, lastDay) };
}

/**
 * Adds whole calendar years to an instant on its UTC calendar, keeping the time of day;
 * Feb 29 becomes Feb 28 in a non-leap year.
 */
export function addCalendarYears(d: Date, n: number): Date {
  if (!Number.isInteger(n)) throw new RangeError(`years must be an integer, got ${n}`);
  if (Number.isNaN(d.getTime())) throw new RangeError("Invalid Date");
  const target = addYearsToDate({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() }, n);
  const out = new Date(d.getTime());
  out.setUTCFullYear(target.year, target.month - 1, target.day);
  return out;
}

/** The first Toronto date (YYYY-MM-DD) on which an account last active at `lastActivity` is inactive. */
export function inactiveFrom(lastActivity: Date): string {
  return formatCalendarDate(addYearsToDate(torontoCalendarDate(lastActivity), INACTIVITY_YEARS));
}

/**
 * True when `now` is on or after the Toronto date two calendar years after `lastActivity`.
 * For a user who never signed in, pass the record's creation time.
 */
export function isTwoYearsInactive(lastActivity: Date, now: Date): boolean {
  // YYYY-MM-DD strings compare correctly as strings.
  return formatCalendarDate(torontoCalendarDate(now)) >= inactiveFrom(lastActivity);
}
