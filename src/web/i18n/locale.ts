// The language of the staff page being rendered. Pages are built by many small functions (rows,
// cards, badges); threading a locale argument through every one of them would touch every
// signature, so the request's locale lives in AsyncLocalStorage for the time of the request and
// the catalogue reads it. Outside a request (CLI, unit tests) it is English unless withLocale() says otherwise.
import { AsyncLocalStorage } from "node:async_hooks";

export const STAFF_LOCALES = ["en", "fr"] as const;
export type StaffLocale = (typeof STAFF_LOCALES)[number];

export const isStaffLocale = (v: unknown): v is StaffLocale => v === "en" || v === "fr";

const store = new AsyncLocalStorage<{ locale: StaffLocale }>();

/** The locale of the page being rendered now. */
export function currentLocale(): StaffLocale {
  return store.getStore()?.locale ?? "en";
}

/** Runs `fn` (and everything it awaits) in `locale`. */
export function withLocale<T>(locale: StaffLocale, fn: () => T): T {
  return store.run({ locale }, fn);
}

/** The account's own choice, else the site default (STAFF_LOCALE). */
export function chooseLocale(account: string | null | undefined, siteDefault: StaffLocale): StaffLocale {
  return isStaffLocale(account) ? account : siteDefault;
}
