/**
 * Calendar arithmetic in America/Toronto, the zone pinmail's staff and deadlines live in.
 * Dates are handled as plain `YYYY-MM-DD` strings so that no code path can accidentally
 * mix a wall-clock date with the host's own time zone.
 */
import { BUSINESS_TIME_ZONE } from "./time-zone.js";

export const TORONTO_TIME_ZONE = BUSINESS_TIME_ZONE;

const dateFormat = new Intl.DateTimeFormat("en-CA", {
  timeZone: TORONTO_TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

const wallClockFormat = new Intl.DateTimeFormat("en-CA", {
  timeZone: TORONTO_TIME_ZONE,
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

export interface CalendarDate {
  year: number;
  month: number; // 1-12
  day: number;
}

function partsOf(format: Intl.DateTimeFormat, date: Date): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of format.formatToParts(date)) {
    if (part.type !== "literal") out[part.type] = Number(part.value);
  }
  return out;
}

/** The calendar date an instant falls on in Toronto. */
export function torontoCalendarDate(instant: Date): CalendarDate {
  if (Number.isNaN(instant.getTime())) throw new RangeError("Invalid Date");
  const p = partsOf(dateFormat, instant);
  return { year: p.year ?? NaN, month: p.month ?? NaN, day: p.day ?? NaN };
}

export function formatCalendarDate(d: CalendarDate): string {
  const y = String(d.year).padStart(4, "0");
  const m = String(d.month).padStart(2, "0");
  const day = String(d.day).padStart(2, "0");
  return `${y}-${m}-${day}`;
}

/** Adds whole days; UTC is used only as a zone-free calendar, never as a wall clock. */
export function addCalendarDays(d: CalendarDate, days: number): CalendarDate {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + days));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(d: CalendarDate): number {
  return new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay();
}

/** Offset of Toronto wall time from UTC at an instant, in milliseconds (e.g. -4 h in summer). */
function torontoOffsetMs(instant: Date): number {
  const p = partsOf(wallClockFormat, instant);
  const asUtc = Date.UTC(p.year ?? 0, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0);
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/**
 * The instant at which Toronto clocks show the given wall time. Two passes, because the offset
 * guessed from the UTC reading can be on the other side of a DST change; the wall times
 * pinmail asks for (17:00) never fall in a skipped or repeated hour.
 */
export function torontoWallTimeToInstant(d: CalendarDate, hour: number, minute = 0): Date {
  const wall = Date.UTC(d.year, d.month - 1, d.day, hour, minute);
  let instant = wall - torontoOffsetMs(new Date(wall));
  instant = wall - torontoOffsetMs(new Date(instant));
  return new Date(instant);
}
