// MAIL_AUTH=google: a service account with domain-wide delegation acting as the mailbox
// (IMAP_USER), through google-auth-library's JWT client: it signs an assertion with the key from
// OAUTH_SERVICE_ACCOUNT_FILE and trades it for an access token at Google's token endpoint.
import { readFileSync } from "node:fs";
import { JWT, type JWTOptions } from "google-auth-library";
import { type AccessToken, TokenError } from "./access-token.js";
import { explainTokenFailure } from "./explain-failure.js";

export const GOOGLE_SCOPE = "https://mail.google.com/";

export interface ServiceAccountKey {
  client_email: string;
  private_key: string;
  private_key_id?: string;
}

export function readServiceAccount(file: string): ServiceAccountKey {
  const key = JSON.parse(readFileSync(file, "utf8")) as Partial<ServiceAccountKey> & { type?: string };
  if (key.type !== "service_account" || !key.client_email || !key.private_key) {
    throw new Error(`${file} is not a service account key (expected "type": "service_account", "client_email" and "private_key")`);
  }
  return key as ServiceAccountKey;
}

/** `transporterOptions` is for tests only: they look at what would be sent to Google. */
export function createGoogleFetcher(
  serviceAccountFile: string,
  mailbox: string,
  extra: Pick<JWTOptions, "transporterOptions"> = {},
): (renew: boolean) => Promise<AccessToken> {
  const key = readServiceAccount(serviceAccountFile);
  return async () => {
    // A new client each time: JWT caches its token and we decide when to renew.
    const client = new JWT({ email: key.client_email, key: key.private_key, keyId: key.private_key_id, scopes: [GOOGLE_SCOPE], subject: mailbox, ...extra });
    try {
      const c = await client.authorize();
      if (!c.access_token) throw new Error("no access token in the answer");
      return { token: c.access_token, expiresAt: c.expiry_date ?? Date.now() + 3600_000, scopes: (c.scope ?? GOOGLE_SCOPE).split(/\s+/).filter(Boolean) };
    } catch (err) {
      const e = err as { message?: string; response?: { data?: { error?: string; error_description?: string } } };
      const d = e.response?.data;
      const said = d?.error ? `${d.error}${d.error_description ? ` (${d.error_description})` : ""}` : (e.message ?? String(err)).split(/\r?\n/)[0]!;
      throw new TokenError(explainTokenFailure("google", said));
    }
  };
}
