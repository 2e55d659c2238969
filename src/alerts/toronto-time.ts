// How alert and digest mail show a moment: short month, day and 24-hour time in America/Toronto,
// the zone the staff work in. One home so an alert and the digest never disagree on a time.
import { BUSINESS_TIME_ZONE } from "../core/time-zone.js";

export function torontoShortTime(localeTag: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(localeTag, {
    timeZone: BUSINESS_TIME_ZONE,
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  });
}
