// MAIL_AUTH in, the token source (or none, for passwords) and the credential's expiry out. The
// worker, `pinmail check-mailbox` and the tests build theirs here, so they sign in alike.
import { CachedTokenSource, type TokenSource } from "./access-token.js";
import { fetchClientCredentialsToken } from "./client-credentials.js";
import { createGoogleFetcher } from "./google.js";
import { createMicrosoftFetcher, readClientCertificate } from "./microsoft.js";

export type MailAuthMode = "password" | "microsoft" | "google" | "oauth2";

/** The subset of the validated settings this needs (config.ts's `mailAuth` section and IMAP_USER). */
export interface MailAuthSettings {
  MAIL_AUTH: MailAuthMode;
  IMAP_USER: string;
  OAUTH_TENANT_ID?: string;
  OAUTH_CLIENT_ID?: string;
  OAUTH_CLIENT_SECRET?: string;
  OAUTH_CLIENT_CERTIFICATE_FILE?: string;
  OAUTH_CLIENT_CERTIFICATE_KEY_FILE?: string;
  OAUTH_SERVICE_ACCOUNT_FILE?: string;
  OAUTH_TOKEN_URL?: string;
  OAUTH_SCOPE?: string;
  OAUTH_AUTHORITY_URL: string;
  OAUTH_CLIENT_SECRET_EXPIRES_AT: Date | null;
}

export function createTokenSource(c: MailAuthSettings): TokenSource | null {
  switch (c.MAIL_AUTH) {
    case "password":
      return null;
    case "microsoft":
      return new CachedTokenSource(
        "microsoft",
        createMicrosoftFetcher({
          authorityUrl: c.OAUTH_AUTHORITY_URL,
          tenantId: c.OAUTH_TENANT_ID!,
          clientId: c.OAUTH_CLIENT_ID!,
          clientSecret: c.OAUTH_CLIENT_SECRET,
          certificateFile: c.OAUTH_CLIENT_CERTIFICATE_FILE,
          certificateKeyFile: c.OAUTH_CLIENT_CERTIFICATE_KEY_FILE,
        }),
      );
    case "google":
      return new CachedTokenSource("google", createGoogleFetcher(c.OAUTH_SERVICE_ACCOUNT_FILE!, c.IMAP_USER));
    case "oauth2": {
      const s = { tokenUrl: c.OAUTH_TOKEN_URL!, clientId: c.OAUTH_CLIENT_ID!, clientSecret: c.OAUTH_CLIENT_SECRET!, scope: c.OAUTH_SCOPE! };
      return new CachedTokenSource("oauth2", () => fetchClientCredentialsToken(s));
    }
  }
}

export interface CredentialExpiry {
  what: "client secret" | "client certificate";
  expiresAt: Date;
}

/** When the app's credential stops working: the certificate says so itself; a secret's date is configured. */
export function credentialExpiry(c: MailAuthSettings): CredentialExpiry | null {
  if (c.MAIL_AUTH === "password") return null;
  if (c.OAUTH_CLIENT_CERTIFICATE_FILE && c.OAUTH_CLIENT_CERTIFICATE_KEY_FILE) {
    return { what: "client certificate", expiresAt: readClientCertificate(c.OAUTH_CLIENT_CERTIFICATE_FILE, c.OAUTH_CLIENT_CERTIFICATE_KEY_FILE).expiresAt };
  }
  return c.OAUTH_CLIENT_SECRET_EXPIRES_AT ? { what: "client secret", expiresAt: c.OAUTH_CLIENT_SECRET_EXPIRES_AT } : null;
}

/** The warning from 30 days before (and after) expiry, or null. */
export function expiryWarning(e: CredentialExpiry | null, now: Date): string | null {
  if (!e) return null;
  const days = Math.ceil((e.expiresAt.getTime() - now.getTime()) / 86_400_000);
  if (days > 30) return null;
  const when = `${e.expiresAt.toISOString().slice(0, 16).replace("T", " ")} UTC`;
  return days <= 0
    ? `The mailbox's ${e.what} expired on ${when}: create a new one in the app registration, or pinmail cannot read or send mail`
    : `The mailbox's ${e.what} expires on ${when} (in ${days} day${days === 1 ? "" : "s"}): create a new one in the app registration before then`;
}
