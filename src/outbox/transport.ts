// The SMTP transport, built once from validated settings: pooled connections, DKIM signing when
// configured, and the envelope sender pointed where bounces should come back. With an OAuth2
// MAIL_AUTH every new pooled connection asks the token source for a current token (XOAUTH2), and
// again with renew=true when the server refused the one it had. The sending rate is not nodemailer's
// (its rateLimit counts one process, in fixed windows): every message first takes a slot from the
// shared limiter (send-rate.ts) — in withSendRate, or in deliver.ts for replies — so all processes
// together keep SMTP_RATE_PER_MINUTE.
import { readFileSync } from "node:fs";
import nodemailer, { type SendMailOptions, type SentMessageInfo, type Transporter } from "nodemailer";
import type { ConfigOf, SectionConfig } from "../config.js";
import { smtpOAuth } from "../mailauth/setup.js";
import { TokenError, type SmtpOAuth, type TokenSource } from "../mailauth/access-token.js";
import type { SendRate } from "./send-rate.js";

export interface TransportSettings {
  smtpUrl: string;
  poolSize: number;
  dkim: { domainName: string; keySelector: string; privateKeyFile: string } | null;
  /** Sign in with tokens as `user` instead of SMTP_URL's credentials. */
  oauth?: SmtpOAuth | null;
}

/**
 * The SMTP server and DKIM from the mail section (the loader checked that the DKIM settings come
 * all three or none); the caller adds the sign-in for an OAuth2 MAIL_AUTH. The rate
 * (SMTP_RATE_PER_MINUTE) is the process's SendRate, given to createTransport.
 */
export function smtpSettingsOf(c: SectionConfig<"mail">): TransportSettings {
  const dkim =
    c.DKIM_DOMAIN && c.DKIM_SELECTOR && c.DKIM_PRIVATE_KEY_FILE
      ? { domainName: c.DKIM_DOMAIN, keySelector: c.DKIM_SELECTOR, privateKeyFile: c.DKIM_PRIVATE_KEY_FILE }
      : null;
  return { smtpUrl: c.SMTP_URL, poolSize: c.SMTP_POOL_SIZE, dkim };
}

/** A process that only sends now and then (alerts from a web process, the digest): one connection. */
export function occasionalSmtpSettingsOf(c: ConfigOf<"mail" | "mailAuth">): TransportSettings {
  // With MAIL_AUTH other than password it signs in with tokens too (issue 16).
  return { ...smtpSettingsOf(c), poolSize: 1, oauth: smtpOAuth(c) };
}

/** With `rate`, every message waits for a sending slot shared by all processes (issue 17; withSendRate). */
export function createTransport(s: TransportSettings, rate?: SendRate | null): Transporter {
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
  return withSendRate(transport, rate);
}

/**
 * The same pool, its sendMail (both forms) asking `rate` for a slot first; a SendRateWaitError is
 * the send's error. Reply delivery uses the plain transport and takes its slot itself, before it
 * claims the row (deliver.ts): a wait for a slot must not hold the delivery lease.
 */
export function withSendRate(transport: Transporter, rate: SendRate | null | undefined): Transporter {
  if (!rate) return transport;
  const send = transport.sendMail.bind(transport) as (mail: SendMailOptions) => Promise<SentMessageInfo>;
  const limited = (mail: SendMailOptions, callback?: (err: Error | null, info: SentMessageInfo) => void) => {
    // A slot is spent once the message is handed to the pool, whatever the server answers.
    const sent = rate.acquire().then(() => send(mail));
    if (!callback) return sent;
    sent.then(
      (info) => callback(null, info),
      (err: Error) => callback(err, undefined as unknown as SentMessageInfo),
    );
    return undefined;
  };
  return new Proxy(transport, {
    get(target, prop) {
      if (prop === "sendMail") return limited;
      const v: unknown = Reflect.get(target, prop, target);
      return typeof v === "function" ? v.bind(target) : v;
    },
  });
}
