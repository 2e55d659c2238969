// One place that turns IMAP settings into an ImapFlow client: the mailbox reader, the Sent-copy
// remover, `pinmail check-mailbox`, the demo and retention (issue 19) all connect through here.
// Plain (non-TLS) servers must not be offered STARTTLS: imapflow would otherwise try it and fail
// against a loopback test server.
import { ImapFlow } from "imapflow";
import type { SectionConfig } from "../config.js";
import type { TokenSource } from "../mailauth/access-token.js";

export interface ImapAccount {
  host: string;
  port: number;
  secure: boolean;
  user: string;
  /** With MAIL_AUTH=password. */
  password?: string;
  /** With an OAuth2 MAIL_AUTH: signs in with XOAUTH2 (or OAUTHBEARER where offered). */
  accessToken?: string;
}

/** An account as configured: a password, or a token source that gives a current token per connect. */
export type ImapSignIn = Omit<ImapAccount, "accessToken"> & { tokens?: TokenSource | null };

/** The mailbox account from the imap section; `tokens` (an OAuth2 MAIL_AUTH) replaces the password. */
export function imapSignInOf(c: SectionConfig<"imap">, tokens: TokenSource | null): ImapSignIn {
  return { host: c.IMAP_HOST, port: c.IMAP_PORT, secure: c.IMAP_SECURE, user: c.IMAP_USER, password: c.IMAP_PASSWORD, tokens };
}

export function createImapClient(a: ImapAccount, extra: { idleDelayMs?: number } = {}): ImapFlow {
  return new ImapFlow({
    host: a.host,
    port: a.port,
    secure: a.secure,
    auth: a.accessToken !== undefined ? { user: a.user, accessToken: a.accessToken } : { user: a.user, pass: a.password ?? "" },
    logger: false,
    doSTARTTLS: a.secure ? undefined : false,
    autoIdleDelay: extra.idleDelayMs,
    maxIdleTime: 5 * 60_000,
    connectionTimeout: 15_000,
    greetingTimeout: 10_000,
  } as ConstructorParameters<typeof ImapFlow>[0]);
}

/**
 * A client ready to connect with a current token when `tokens` is given. imapflow keeps the token
 * it was built with, so every (re)connect builds a new client here. Throws the token source's
 * TokenError when no token can be had.
 */
export async function imapClientFor(a: ImapSignIn, extra: { idleDelayMs?: number; renewToken?: boolean } = {}): Promise<ImapFlow> {
  const { tokens, ...account } = a;
  if (!tokens) return createImapClient(account, extra);
  // After the server refused a token, ask for a new one rather than the cached one.
  const t = await tokens.get({ renew: extra.renewToken });
  return createImapClient({ ...account, password: undefined, accessToken: t.token }, extra);
}

/** What an imapflow error says, with the command and the server's words instead of "Command failed". */
export function describeImapError(err: unknown): string {
  const e = err as {
    message?: string;
    executedCommand?: string;
    responseText?: string;
    responseStatus?: string;
    response?: unknown;
    code?: string;
    authenticationFailed?: boolean;
  };
  const parts: string[] = [];
  // imapflow logs the command with its arguments (passwords and tokens are masked there).
  if (e.executedCommand) parts.push(`${e.executedCommand.replace(/^\S+\s/, "").slice(0, 200)} ->`);
  if (e.responseStatus) parts.push(e.responseStatus);
  if (e.responseText) parts.push(e.responseText);
  else if (typeof e.response === "string") parts.push(e.response);
  if (!e.responseText && e.message) parts.push(parts.length ? `(${e.message})` : e.message);
  if (e.code && !parts.join(" ").includes(e.code)) parts.push(`[${e.code}]`);
  return parts.join(" ").replace(/\s+/g, " ").trim().slice(0, 500) || String(err);
}
