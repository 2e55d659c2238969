import { addCalendarDays, dayOfWeek, formatCalendarDate, torontoCalendarDate, torontoWallTimeToInstant, type CalendarDate } from "./toronto-date.js";

/**
 * Business days for pinmail's promises ("we will answer by …"): America/Toronto, Monday to
 * Friday, minus the Canadian federal statutory holidays. date-holidays' country-level "CA"
 * lists only five of these (no Victoria Day, Thanksgiving, Remembrance Day, Boxing Day, and
 * Truth and Reconciliation only as an observance), so the list is computed here.
 *
 * When a holiday falls on a weekend, the next weekday that is not itself a holiday is also a
 * holiday, as in the federal public service (Christmas on a Saturday → Monday off, Boxing Day
 * on the Sunday → Tuesday off). A due date must not land on a day the office is closed.
 */

/** Hour (Toronto wall clock) at which a due date falls: the end of that business day. */
export const DUE_HOUR = 17;

/** Easter Sunday by the anonymous Gregorian computus (Meeus/Jones/Butcher). */
export function easterSunday(year: number): CalendarDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return { year, month, day };
}

/** The n-th (1-based) given weekday of a month. */
function nthWeekday(year: number, month: number, weekday: number, n: number): CalendarDate {
  const first: CalendarDate = { year, month, day: 1 };
  const offset = (weekday - dayOfWeek(first) + 7) % 7;
  return { year, month, day: 1 + offset + 7 * (n - 1) };
}

/** Victoria Day: the last Monday strictly before May 25. */
function victoriaDay(year: number): CalendarDate {
  const may24: CalendarDate = { year, month: 5, day: 24 };
  return addCalendarDays(may24, -((dayOfWeek(may24) + 6) % 7));
}

const cache = new Map<number, ReadonlySet<string>>();

/**
 * Federal statutory holidays of a year as sorted `YYYY-MM-DD` strings, including the weekday
 * on which a weekend holiday is observed (see the module comment).
 */
export function canadianFederalHolidays(year: number): string[] {
  return [...holidaySet(year)].sort();
}

function holidaySet(year: number): ReadonlySet<string> {
  if (!Number.isInteger(year)) throw new RangeError(`year must be an integer, got ${year}`);
  const cached = cache.get(year);
  if (cached) return cached;

  const fixed = (month: number, day: number): CalendarDate => ({ year, month, day });
  const actual: CalendarDate[] = [
    fixed(1, 1), // New Year's Day
    addCalendarDays(easterSunday(year), -2), // Good Friday
    victoriaDay(year),
    fixed(7, 1), // Canada Day
    nthWeekday(year, 9, 1, 1), // Labour Day
    fixed(9, 30), // National Day for Truth and Reconciliation
    nthWeekday(year, 10, 1, 2), // Thanksgiving
    fixed(11, 11), // Remembrance Day
    fixed(12, 25), // Christmas Day
    fixed(12, 26), // Boxing Day
  ];

  const days = new Set(actual.map(formatCalendarDate));
  // In date order, so Boxing Day's substitute steps past Christmas's.
  for (const holiday of actual) {
    if (dayOfWeek(holiday) !== 0 && dayOfWeek(holiday) !== 6) continue;
    let substitute = addCalendarDays(holiday, 1);
    while (isWeekend(substitute) || days.has(formatCalendarDate(substitute))) {
      substitute = addCalendarDays(substitute, 1);
    }
    days.add(formatCalendarDate(substitute));
  }

  cache.set(year, days);
  return days;
}

function isWeekend(d: CalendarDate): boolean {
  const dow = dayOfWeek(d);
  return dow === 0 || dow === 6;
}

function isBusinessDate(d: CalendarDate): boolean {
  // Substitutes never leave their year: the latest is Dec 28 (Christmas on a Saturday).
  return !isWeekend(d) && !holidaySet(d.year).has(formatCalendarDate(d));
}

/** Whether the Toronto calendar day containing `date` is a business day. */
export function isBusinessDay(date: Date): boolean {
  return isBusinessDate(torontoCalendarDate(date));
}

/**
 * The due instant `days` business days after `from`: 17:00 America/Toronto on the N-th
 * business day strictly after the Toronto date of `from`. The time of day of `from` does not
 * matter (a request at 23:59 on Friday and one at 08:00 are both due on Wednesday for 3
 * days), and a request on a weekend or holiday starts counting from the next business day.
 * `days = 0` means 17:00 on the first business day on or after `from`'s date.
 */
export function addBusinessDays(from: Date, days: number): Date {
  if (!Number.isInteger(days) || days < 0) {
    throw new RangeError(`days must be a non-negative integer, got ${days}`);
  }
  let date = torontoCalendarDate(from);
  if (days === 0) {
    while (!isBusinessDate(date)) date = addCalendarDays(date, 1);
  } else {
    for (let counted = 0; counted < days; ) {
      date = addCalendarDays(date, 1);
      if (isBusinessDate(date)) counted += 1;
    }
  }
  return torontoWallTimeToInstant(date, DUE_HOUR);
}
