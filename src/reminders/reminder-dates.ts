// Calendar arithmetic for reminders, on America/Toronto dates like the dormancy rule itself
// (src/core/dates.ts): "18 months after the last sign-in" is a date, not a count of milliseconds.
import { addCalendarDays, formatCalendarDate, torontoCalendarDate, type CalendarDate } from "../core/toronto-date.js";

/** Whole calendar months; the 31st plus one month is the last day of a shorter month. */
export function addCalendarMonths(d: CalendarDate, months: number): CalendarDate {
  const index = d.year * 12 + (d.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return { year, month, day: Math.min(d.day, lastDay) };
}

/** The Toronto date (YYYY-MM-DD) `months` calendar months after the instant's Toronto date. */
export function monthsAfter(instant: Date, months: number): string {
  return formatCalendarDate(addCalendarMonths(torontoCalendarDate(instant), months));
}

/** The Toronto date `days` days after the instant's Toronto date. */
export function daysAfter(instant: Date, days: number): string {
  return formatCalendarDate(addCalendarDays(torontoCalendarDate(instant), days));
}

export function torontoDay(instant: Date): string {
  return formatCalendarDate(torontoCalendarDate(instant));
}

/** YYYY-MM-DD shifted by whole months (for "3 months before expiry"). */
export function shiftDay(day: string, months: number): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return formatCalendarDate(addCalendarMonths({ year: y, month: m, day: d }, months));
}
