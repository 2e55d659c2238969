// Verification's settings from the pin and mail sections: the pipeline and staff decisions in
// the dashboard issue PINs the same way, so both roles build them here.
import type { ConfigOf } from "../config.js";
import { mailIdentityOf } from "../config/mail-identity.js";
import type { VerifySettings } from "./verify-request.js";

export function verifySettingsOf(c: ConfigOf<"pin" | "mail">): VerifySettings {
  const me = mailIdentityOf(c);
  return {
    pinSecret: c.PIN_SECRET,
    pinLength: c.PIN_LENGTH,
    pinTtlDays: c.PIN_TTL_DAYS,
    pinsPerDay: c.PIN_RATE_LIMIT_PER_DAY,
    unknownPerHour: c.UNKNOWN_REPLY_LIMIT_PER_HOUR,
    ownDomain: me.ownDomain,
    portalUrl: me.portalUrl,
    supportAddress: me.supportAddress,
  };
}
