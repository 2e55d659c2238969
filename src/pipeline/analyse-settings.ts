// How a message is analysed, from the settings: who pinmail is (mail) and whose word on the
// sender is believed (senderAuth). The reader adds IMAP_MAX_AGE_DAYS; a staff re-process has its own.
import type { ConfigOf, SectionConfig } from "../config.js";
import { mailIdentityOf } from "../config/mail-identity.js";
import type { SenderAuthPolicy } from "../core/sender-auth.js";
import type { AnalyseContext } from "./analyse-message.js";

export function senderAuthPolicyOf(c: SectionConfig<"senderAuth">): SenderAuthPolicy {
  return { authservId: c.MAIL_AUTHSERV_ID, require: c.REQUIRE_SENDER_AUTH };
}

export function analysePolicyOf(c: ConfigOf<"mail" | "senderAuth">): Omit<AnalyseContext, "now" | "maxAgeDays"> {
  const me = mailIdentityOf(c);
  return { ownAddress: me.address, ownDomain: me.ownDomain, senderAuth: senderAuthPolicyOf(c) };
}
