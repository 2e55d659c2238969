// The web server's settings from the web section: whose X-Forwarded-For is believed and how
// staff sessions and lockouts behave.
import type { SectionConfig } from "../config.js";
import type { AuthSettings } from "./auth/staff-auth.js";

/** X-Forwarded-For only from TRUSTED_PROXIES (issue 13.4); WEB_PUBLIC_URL alone does not imply it. */
export function trustProxyOf(c: SectionConfig<"web">): string[] | false {
  return c.TRUSTED_PROXIES.length ? c.TRUSTED_PROXIES : false;
}

export function staffAuthSettingsOf(c: SectionConfig<"web">): Omit<AuthSettings, "absoluteMs"> {
  return {
    idleMs: c.WEB_SESSION_IDLE_HOURS * 3_600_000,
    maxFailures: c.WEB_LOGIN_MAX_FAILURES,
    lockoutMs: c.WEB_LOGIN_LOCKOUT_MINUTES * 60_000,
    secureCookies: c.WEB_PUBLIC_URL?.startsWith("https://") ?? false,
  };
}
