// Who pinmail is in mail, derived once from the mail section: the address it writes from, its own
// domain (mail from it is never answered), where bounces go and the address replies name for help.
import { ConfigError, type SectionConfig } from "../config.js";
import { parseMailbox } from "./fields.js";

export interface MailIdentity {
  /** MAIL_FROM as written (it may carry a display name). */
  from: string;
  /** MAIL_FROM's bare address. */
  address: string;
  ownDomain: string;
  /** MAIL_RETURN_PATH, else MAIL_FROM's address. */
  envelopeFrom: string;
  /** SUPPORT_ADDRESS, else MAIL_FROM's address. */
  supportAddress: string;
  portalUrl: string;
}

export function mailIdentityOf(c: SectionConfig<"mail">): MailIdentity {
  const from = parseMailbox(c.MAIL_FROM);
  // The mail section refuses such a MAIL_FROM already; this keeps the builder total.
  if (!from) throw new ConfigError(["MAIL_FROM: expected an address such as pinmail@example.org or PIN Reset <pinmail@example.org>"]);
  return {
    from: c.MAIL_FROM,
    address: from.address,
    ownDomain: from.address.slice(from.address.lastIndexOf("@") + 1).toLowerCase(),
    envelopeFrom: c.MAIL_RETURN_PATH ?? from.address,
    supportAddress: c.SUPPORT_ADDRESS ?? from.address,
    portalUrl: c.PORTAL_URL,
  };
}
