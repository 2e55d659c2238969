// MAIL_AUTH=microsoft: app-only tokens for Exchange Online IMAP and SMTP, through msal-node's
// ConfidentialClientApplication as Microsoft documents it. The authority's metadata is given to
// msal-node rather than discovered, so no extra request goes out (and a test authority on this
// machine is trusted the same way); OAUTH_AUTHORITY_URL changes the host for national clouds.
import { X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { ConfidentialClientApplication, type Configuration } from "@azure/msal-node";
import { type AccessToken, TokenError } from "./access-token.js";
import { explainTokenFailure } from "./explain-failure.js";

export const MICROSOFT_SCOPE = "https://outlook.office365.com/.default";

export interface MicrosoftSettings {
  authorityUrl: string;
  tenantId: string;
  clientId: string;
  clientSecret?: string;
  certificateFile?: string;
  certificateKeyFile?: string;
}

/** The metadata msal-node would otherwise fetch from <authority>/v2.0/.well-known/openid-configuration. */
export function authorityMetadata(authorityUrl: string, tenantId: string): Record<string, string> {
  const base = `${authorityUrl}/${tenantId}`;
  return {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    issuer: `${base}/v2.0`,
    jwks_uri: `${base}/discovery/v2.0/keys`,
  };
}

/** The certificate's thumbprint and expiry; msal-node signs the client assertion with its key. */
export function readClientCertificate(
  certificateFile: string,
  keyFile: string,
): { thumbprintSha256: string; privateKey: string; x5c: string; expiresAt: Date } {
  const pem = readFileSync(certificateFile, "utf8");
  const cert = new X509Certificate(pem);
  return {
    thumbprintSha256: cert.fingerprint256.replace(/:/g, ""),
    privateKey: readFileSync(keyFile, "utf8"),
    x5c: pem,
    expiresAt: new Date(cert.validTo),
  };
}

export function createMicrosoftFetcher(s: MicrosoftSettings): (renew: boolean) => Promise<AccessToken> {
  const authority = `${s.authorityUrl}/${s.tenantId}`;
  const cert = s.certificateFile && s.certificateKeyFile ? readClientCertificate(s.certificateFile, s.certificateKeyFile) : null;
  const config: Configuration = {
    auth: {
      clientId: s.clientId,
      authority,
      knownAuthorities: [new URL(s.authorityUrl).host],
      authorityMetadata: JSON.stringify(authorityMetadata(s.authorityUrl, s.tenantId)),
      ...(cert
        ? { clientCertificate: { thumbprintSha256: cert.thumbprintSha256, privateKey: cert.privateKey, x5c: cert.x5c } }
        : { clientSecret: s.clientSecret! }),
    },
  };
  const app = new ConfidentialClientApplication(config);
  return async (renew) => {
    try {
      const r = await app.acquireTokenByClientCredential({ scopes: [MICROSOFT_SCOPE], skipCache: renew });
      if (!r?.accessToken) throw new Error("no access token in the answer");
      return { token: r.accessToken, expiresAt: r.expiresOn?.getTime() ?? Date.now() + 3600_000, scopes: r.scopes };
    } catch (err) {
      if (err instanceof TokenError) throw err;
      const e = err as { errorCode?: string; errorMessage?: string; message?: string };
      // msal's message already holds the AADSTS code and Microsoft's words; keep the first line.
      const said = `${e.errorCode ? `${e.errorCode}: ` : ""}${(e.errorMessage ?? e.message ?? String(err)).split(/\r?\n/)[0]}`;
      throw new TokenError(explainTokenFailure("microsoft", said));
    }
  };
}
