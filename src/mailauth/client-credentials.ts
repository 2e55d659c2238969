// MAIL_AUTH=oauth2: the client-credentials grant (RFC 6749 §4.4) against any token endpoint, the
// client's credentials in the form body (client_secret_post, which every provider we met accepts).
import { type AccessToken, TokenError } from "./access-token.js";
import { explainTokenFailure } from "./explain-failure.js";

export interface ClientCredentialsSettings {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scope: string;
}

export async function fetchClientCredentialsToken(s: ClientCredentialsSettings, now: () => number = Date.now): Promise<AccessToken> {
  let res: Response;
  try {
    res = await fetch(s.tokenUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: new URLSearchParams({ grant_type: "client_credentials", client_id: s.clientId, client_secret: s.clientSecret, scope: s.scope }),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    throw new TokenError(
      explainTokenFailure("oauth2", `token endpoint ${new URL(s.tokenUrl).host} unreachable: ${cause?.code ?? cause?.message ?? (err as Error).message}`),
    );
  }
  const body = (await res.json().catch(() => null)) as {
    access_token?: string;
    expires_in?: number | string;
    scope?: string;
    error?: string;
    error_description?: string;
  } | null;
  if (!res.ok || !body?.access_token) {
    const said = body?.error ? `${body.error}${body.error_description ? ` (${body.error_description})` : ""}` : `HTTP ${res.status}`;
    throw new TokenError(explainTokenFailure("oauth2", `token endpoint answered ${said}`));
  }
  const seconds = Number(body.expires_in ?? 3600);
  return {
    token: body.access_token,
    expiresAt: now() + (Number.isFinite(seconds) && seconds > 0 ? seconds : 3600) * 1000,
    scopes: (body.scope ?? s.scope).split(/\s+/).filter(Boolean),
  };
}
