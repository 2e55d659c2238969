/**
 * The zone pinmail's office lives in: business days and review due dates, reply dates, the daily
 * jobs (reminders, retention purge, digest), alert mail and the staff pages' default clock.
 */
export const BUSINESS_TIME_ZONE = "America/Toronto";

/** True when `tz` is a time zone this runtime knows (an IANA name such as America/Vancouver). */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-CA", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
