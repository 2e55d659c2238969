// The worker's mailbox sign-in, composed once: the token source for MAIL_AUTH, the shared status
// (readyz, dashboard, alerts) with its one log line per new failure and the failure counter, and
// the warning before the app's secret or certificate expires (at start and daily).
import type { Logger } from "../runtime/logger.js";
import type { Metrics } from "../runtime/metrics.js";
import { MailboxAuthStatus } from "./mailbox-status.js";
import type { SmtpOAuth, TokenSource } from "./access-token.js";
import { createTokenSource, credentialExpiry, expiryWarning, type MailAuthSettings } from "./create-token-source.js";

export interface MailboxAuth {
  tokens: TokenSource | null;
  status: MailboxAuthStatus;
  stop(): void;
}

/** SMTP with tokens for a process that does not read the mailbox (web: alert mail); null for passwords. */
export function smtpOAuth(c: Omit<MailAuthSettings, "IMAP_USER"> & { IMAP_USER?: string; SMTP_USER?: string }): SmtpOAuth | null {
  const user = c.SMTP_USER ?? c.IMAP_USER;
  const tokens = user ? createTokenSource({ ...c, IMAP_USER: c.IMAP_USER ?? user }) : null;
  return tokens && user ? { user, tokens } : null;
}

export function setUpMailboxAuth(c: MailAuthSettings, logger: Logger, metrics: Metrics): MailboxAuth {
  const tokens = createTokenSource(c);
  const expiry = credentialExpiry(c);
  const status = new MailboxAuthStatus(c.MAIL_AUTH, expiry, (side, f, first) => {
    metrics.mailboxAuthFailures.inc({ reason: f.reason });
    // One line per new cause; the same answer again while retrying is not news.
    if (first) logger.error({ side, reason: f.reason }, f.message);
  });
  const warn = () => {
    const w = expiryWarning(expiry, new Date());
    if (w) logger.warn({ expiresAt: expiry!.expiresAt.toISOString() }, w);
  };
  warn();
  const daily = setInterval(warn, 86_400_000);
  daily.unref();
  if (tokens) logger.info({ provider: tokens.provider, user: c.IMAP_USER }, "the mailbox signs in with OAuth2 tokens");
  return { tokens, status, stop: () => clearInterval(daily) };
}
