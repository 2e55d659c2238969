/** True when `tz` is a time zone this runtime knows (an IANA name such as America/Vancouver). */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-CA", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
