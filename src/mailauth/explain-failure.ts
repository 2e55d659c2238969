// Turns what an identity provider or a mail server answered into one line a person can act on,
// and a short reason for the `pinmail_mailbox_auth_failures_total{reason}` counter. Pure: the
// token sources and the IMAP/SMTP adapters pass the provider's error text in.

export type MailAuthReason =
  | "unreachable"
  | "invalid_client"
  | "secret_expired"
  | "certificate"
  | "consent"
  | "not_allowed"
  | "invalid_request"
  | "token_refused"
  | "password_refused"
  | "other";

export interface MailAuthFailure {
  reason: MailAuthReason;
  /** "<what the provider answered>: <what to check>", never a secret or a token. */
  message: string;
}

const MICROSOFT: Array<[RegExp, MailAuthReason, string]> = [
  [
    /AADSTS7000222/,
    "secret_expired",
    "the client secret expired: create a new one in the app registration (Certificates & secrets) and set OAUTH_CLIENT_SECRET and OAUTH_CLIENT_SECRET_EXPIRES_AT",
  ],
  [/AADSTS7000215/, "invalid_client", "the client secret is wrong: copy the secret's Value (not its ID) into OAUTH_CLIENT_SECRET"],
  [
    /AADSTS700027|AADSTS700023|AADSTS50027/,
    "certificate",
    "the certificate is not accepted: upload OAUTH_CLIENT_CERTIFICATE_FILE to the app registration (Certificates & secrets)",
  ],
  [/AADSTS700016/, "invalid_client", "no such application in this tenant: check OAUTH_CLIENT_ID and OAUTH_TENANT_ID"],
  [/AADSTS90002|AADSTS900023/, "invalid_request", "no such tenant: check OAUTH_TENANT_ID (the directory ID)"],
  [
    /AADSTS65001|AADSTS501051|AADSTS7000112/,
    "consent",
    "the app has no admin consent or is disabled: grant admin consent for IMAP.AccessAsApp and SMTP.SendAsApp",
  ],
  [/AADSTS70011/, "invalid_request", "the scope was refused: the scope must be https://outlook.office365.com/.default"],
];

const GOOGLE: Array<[RegExp, MailAuthReason, string]> = [
  [
    /unauthorized_client/,
    "not_allowed",
    "domain-wide delegation is missing: in the Admin console allow the service account's client ID the scope https://mail.google.com/",
  ],
  [
    /invalid_grant.*(Invalid email|account not found|Invalid user)/is,
    "invalid_request",
    "the mailbox is unknown to Google: IMAP_USER must be a user (not a group) in the Workspace domain",
  ],
  [
    /invalid_grant.*(signature|Invalid JWT)/is,
    "invalid_client",
    "the service account key was deleted or is wrong: create a new key and set OAUTH_SERVICE_ACCOUNT_FILE",
  ],
  [/invalid_grant/, "invalid_client", "the grant was refused: check the service account key and the machine's clock"],
];

const GENERIC: Array<[RegExp, MailAuthReason, string]> = [
  [/invalid_client/, "invalid_client", "the identity server refused the client: check OAUTH_CLIENT_ID and OAUTH_CLIENT_SECRET"],
  [/unauthorized_client/, "not_allowed", "the client may not use the client-credentials grant: allow it on the identity server"],
  [/invalid_scope/, "invalid_request", "the scope was refused: check OAUTH_SCOPE"],
  [/consent_required|access_denied/, "consent", "access was denied: grant the app access to the mailbox"],
];

const NETWORK =
  /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|EHOSTUNREACH|fetch failed|socket hang up|network|certificate|self[- ]signed|UNABLE_TO_VERIFY/i;

function oneLine(s: string, max = 300): string {
  return s.replace(/\s+/g, " ").trim().slice(0, max);
}

/** The token endpoint failed (an error answer, or no answer at all). */
export function explainTokenFailure(provider: "microsoft" | "google" | "oauth2", answered: string): MailAuthFailure {
  const text = oneLine(answered);
  const table = provider === "microsoft" ? [...MICROSOFT, ...GENERIC] : provider === "google" ? [...GOOGLE, ...GENERIC] : GENERIC;
  for (const [re, reason, advice] of table) if (re.test(answered)) return { reason, message: `${text}: ${advice}` };
  if (NETWORK.test(answered))
    return { reason: "unreachable", message: `${text}: the identity provider could not be reached; check the network, proxy and DNS from this machine` };
  return { reason: "other", message: `${text}: the identity provider refused to issue a token; check the OAUTH_ settings` };
}

/** The IMAP or SMTP server refused what we signed in with. */
export function explainServerRefusal(server: "IMAP" | "SMTP", mode: string, answered: string): MailAuthFailure {
  const text = oneLine(answered);
  if (/5\.7\.60|send as this sender|SendAsDenied/i.test(answered)) {
    return {
      reason: "not_allowed",
      message: `${server} refused to send as MAIL_FROM (${text}): grant the app SendAs on the mailbox (Add-RecipientPermission) or set MAIL_FROM to the mailbox's own address`,
    };
  }
  if (mode === "password")
    return { reason: "password_refused", message: `${server} refused the sign-in (${text}): check IMAP_USER and IMAP_PASSWORD (or SMTP_URL's credentials)` };
  const advice =
    mode === "microsoft"
      ? "check that the service principal was granted the mailbox (Add-MailboxPermission; Add-RecipientPermission for sending), that SMTP AUTH is enabled for it, and that IMAP_USER is the mailbox's address"
      : mode === "google"
        ? "check domain-wide delegation for https://mail.google.com/, that IMAP is enabled for the user, and that IMAP_USER is the mailbox's address"
        : "check that the token's user is IMAP_USER (or SMTP_USER) and that the server accepts the identity server's tokens";
  return { reason: "token_refused", message: `${server} refused the token (${text}): ${advice}` };
}
