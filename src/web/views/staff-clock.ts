// One clock for every staff page (issue 20): times in STAFF_TIMEZONE (America/Toronto unless set),
// the zone written out ("EST"/"EDT"), the same format everywhere. Set once when the web app is
// built; the zone was validated by config.ts.
import { BUSINESS_TIME_ZONE } from "../../core/time-zone.js";

export const DEFAULT_STAFF_TIME_ZONE = BUSINESS_TIME_ZONE;

let zone = DEFAULT_STAFF_TIME_ZONE;
let timeFormat = makeTimeFormat(zone);
let dayFormat = makeDayFormat(zone);
let zoneFormat = makeZoneFormat(zone);

function makeZoneFormat(tz: string) {
  return new Intl.DateTimeFormat("en-CA", { timeZone: tz, timeZoneName: "short" });
}

function makeTimeFormat(tz: string) {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone: tz,
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZoneName: "short",
  });
}
function makeDayFormat(tz: string) {
  return new Intl.DateTimeFormat("en-CA", { timeZone: tz, month: "short", day: "numeric", year: "numeric" });
}

export function setStaffTimeZone(tz: string | undefined): void {
  zone = tz || DEFAULT_STAFF_TIME_ZONE;
  timeFormat = makeTimeFormat(zone);
  dayFormat = makeDayFormat(zone);
  zoneFormat = makeZoneFormat(zone);
}

/** The zone's short name at that moment ("EST", "EDT"), shown after every time. */
export function zoneName(d: Date): string {
  return zoneFormat.formatToParts(d).find((p) => p.type === "timeZoneName")?.value ?? zone;
}

export const staffTimeZone = () => zone;

/** "Dec 5, 2026, 21:42 EST". */
export function staffTime(d: Date | string): string {
  return timeFormat.format(typeof d === "string" ? new Date(d) : d);
}

/** "Dec 19, 2026", the day in the staff's zone. */
export function staffDay(d: Date | string): string {
  return dayFormat.format(typeof d === "string" ? new Date(d) : d);
}
