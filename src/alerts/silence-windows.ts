// unusual-silence looks at the last ALERT_SILENCE_WINDOW of business hours and at the same
// wall-clock window on the same weekday in each of the four weeks before. Weeks are counted on
// Toronto calendar dates, so a daylight-saving change does not shift the windows by an hour.
import { isBusinessDay } from "../core/business-days.js";
import { BUSINESS_TIME_ZONE } from "../core/time-zone.js";
import { addCalendarDays, torontoCalendarDate, torontoWallTimeToInstant } from "../core/toronto-date.js";

/** Business hours in Toronto, the hours in which a mailbox normally receives requests. */
export const BUSINESS_HOURS = { start: 8, end: 17 } as const;
export const SILENCE_WEEKS = 4;

export interface Window {
  start: Date;
  end: Date;
}

const clockFormat = new Intl.DateTimeFormat("en-CA", { timeZone: BUSINESS_TIME_ZONE, hour: "2-digit", minute: "2-digit", hourCycle: "h23" });

function torontoMinuteOfDay(d: Date): number {
  const parts = Object.fromEntries(
    clockFormat
      .formatToParts(d)
      .filter((p) => p.type !== "literal")
      .map((p) => [p.type, Number(p.value)]),
  );
  return (parts["hour"] ?? 0) * 60 + (parts["minute"] ?? 0);
}

/**
 * The window ending now and its four predecessors, or null when the window is not wholly inside
 * business hours of a business day (then there is nothing to compare).
 */
export function silenceWindows(now: Date, windowMs: number): { current: Window; previous: Window[] } | null {
  if (windowMs <= 0 || !isBusinessDay(now)) return null;
  const endMinute = torontoMinuteOfDay(now);
  const startMinute = endMinute - Math.ceil(windowMs / 60_000);
  if (startMinute < BUSINESS_HOURS.start * 60 || endMinute > BUSINESS_HOURS.end * 60) return null;
  const today = torontoCalendarDate(now);
  const at = (daysBack: number, minute: number) => torontoWallTimeToInstant(addCalendarDays(today, -daysBack), Math.floor(minute / 60), minute % 60);
  const current = { start: at(0, startMinute), end: now };
  const previous = Array.from({ length: SILENCE_WEEKS }, (_, i) => ({ start: at(7 * (i + 1), startMinute), end: at(7 * (i + 1), endMinute) }));
  return { current, previous };
}
