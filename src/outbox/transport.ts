// The SMTP transport, built once from validated settings: pooled connections, DKIM signing when
// configured, and the envelope sender pointed where bounces should come back. With an OAuth2
// MAIL_AUTH every new pooled connection asks the token source for a current token (XOAUTH2), and
// again with renew=true when the server refused the one it had.
import { readFileSync } from "node:fs";
import nodemailer, { type Transporter } from "nodemailer";
import type { ConfigOf, SectionConfig } from "../config.js";
import { smtpOAuth } from "../mailauth/setup.js";
import { TokenError, type SmtpOAuth, type TokenSource } from "../mailauth/access-token.js";

export interface TransportSettings {
  smtpUrl: string;
  poolSize: number;
  dkim: { domainName: string; keySelector: string; privateKeyFile: string } | null;
  /** Sign in with tokens as `user` instead of SMTP_URL's credentials. */
  oauth?: SmtpOAuth | null;
  /** Messages per minute for this transport (providers' limits); none when undefined. */
  ratePerMinute?: number;
}

/**
 * The SMTP server, DKIM and the rate from the mail section (the loader checked that the DKIM
 * settings come all three or none); the caller adds the sign-in for an OAuth2 MAIL_AUTH.
 */
export function smtpSettingsOf(c: SectionConfig<"mail">): TransportSettings {
  const dkim =
    c.DKIM_DOMAIN && c.DKIM_SELECTOR && c.DKIM_PRIVATE_KEY_FILE
      ? { domainName: c.DKIM_DOMAIN, keySelector: c.DKIM_SELECTOR, privateKeyFile: c.DKIM_PRIVATE_KEY_FILE }
      : null;
  return { smtpUrl: c.SMTP_URL, poolSize: c.SMTP_POOL_SIZE, dkim, ratePerMinute: c.SMTP_RATE_PER_MINUTE };
}

/** A process that only sends now and then (alerts from a web process, the digest): one connection, no rate. */
export function occasionalSmtpSettingsOf(c: ConfigOf<"mail" | "mailAuth">): TransportSettings {
  // With MAIL_AUTH other than password it signs in with tokens too (issue 16).
  return { ...smtpSettingsOf(c), poolSize: 1, ratePerMinute: undefined, oauth: smtpOAuth(c) };
}

export function createTransport(s: TransportSettings): Transporter {
  const url = new URL(s.smtpUrl);
  const transport = nodemailer.createTransport({
    host: url.hostname,
    port: Number(url.port || (url.protocol === "smtps:" ? 465 : 587)),
    secure: url.protocol === "smtps:",
    auth: s.oauth
      ? { type: "OAuth2", user: s.oauth.user }
      : url.username
        ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) }
        : undefined,
    // Loopback test servers do not offer TLS; real ones on 587 are upgraded with STARTTLS.
    ignoreTLS: url.searchParams.get("ignoreTLS") === "true",
    requireTLS: url.searchParams.get("requireTLS") === "true",
    pool: true,
    maxConnections: s.poolSize,
    maxMessages: 1000,
    connectionTimeout: 15_000,
    greetingTimeout: 10_000,
    socketTimeout: 60_000,
    dkim: s.dkim ? { ...s.dkim, privateKey: readFileSync(s.dkim.privateKeyFile, "utf8") } : undefined,
    ...(s.ratePerMinute ? { rateLimit: s.ratePerMinute, rateDelta: 60_000 } : {}),
  });
  const oauth = s.oauth;
  if (oauth) {
    transport.set("oauth2_provision_cb", (_user: string, renew: boolean, cb: (err: Error | null, token?: string, expires?: number) => void) => {
      oauth.tokens.get({ renew }).then(
        (t) => {
          oauth.onToken?.();
          cb(null, t.token, t.expiresAt);
        },
        (err: Error) => {
          if (err instanceof TokenError) oauth.onTokenError?.(err);
          cb(err);
        },
      );
    });
  }
  return transport;
}
