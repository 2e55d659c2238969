import type { Locale } from "./template-catalog.js";
import { BUSINESS_TIME_ZONE } from "../core/time-zone.js";

/**
 * Dates reach templates as ready-made strings, not Date objects: month names and weekdays must
 * follow the reply's language and the office's time zone, which Intl does well and Liquid's
 * `date` filter (strftime, one locale per engine) does not. Templates print them as they are.
 */
export const REPLY_TIME_ZONE = BUSINESS_TIME_ZONE;

const INTL_LOCALE: Record<Locale, string> = { en: "en-CA", fr: "fr-CA" };

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(locale: Locale, withTime: boolean): Intl.DateTimeFormat {
  const key = `${locale}:${withTime}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(INTL_LOCALE[locale], {
      timeZone: REPLY_TIME_ZONE,
      weekday: "long",
      year: "numeric",
      month: "long",
      day: "numeric",
      ...(withTime ? { hour: "numeric", minute: "2-digit", timeZoneName: "short" } : {}),
    });
    formatters.set(key, formatter);
  }
  return formatter;
}

/**
 * "Thursday, December 10, 2026" / "jeudi 10 décembre 2026" (with `withTime`:
 * "… at 10:00 a.m. EST" / "… à 10 h 00 HNE"), in America/Toronto.
 */
export function formatReplyDate(date: Date, locale: Locale, options: { withTime?: boolean } = {}): string {
  return formatterFor(locale, options.withTime ?? false).format(date);
}
