// The SMTP half of `pinmail check-mailbox`: reach the server, TLS, the AUTH mechanisms it
// offers, sign in as the worker would (no mail sent), and with --send-test one test message
// through the worker's own transport.
import SMTPConnection from "nodemailer/lib/smtp-connection";
import XOAuth2 from "nodemailer/lib/xoauth2";
import type { TokenSource } from "../mailauth/access-token.js";
import { explainServerRefusal } from "../mailauth/explain-failure.js";
import { createTransport } from "../outbox/transport.js";
import type { CheckResult } from "./check-result.js";
import { tcpReachable } from "./imap-checks.js";

export interface SmtpCheckSettings {
  smtpUrl: string;
  tokens: TokenSource | null;
  authMode: string;
  /** Who signs in with a token (SMTP_USER, else IMAP_USER). */
  tokenUser: string;
}

type Conn = {
  connect(cb: (err?: Error) => void): void;
  login(auth: unknown, cb: (err: Error | null) => void): void;
  quit(): void;
  close(): void;
  on(ev: string, fn: (...a: unknown[]) => void): void;
  secure: boolean;
  _supportedAuth?: string[];
};

export async function checkSmtp(s: SmtpCheckSettings, out: CheckResult[]): Promise<boolean> {
  const url = new URL(s.smtpUrl);
  const host = url.hostname;
  const secure = url.protocol === "smtps:";
  const port = Number(url.port || (secure ? 465 : 587));
  const unreachable = await tcpReachable(host, port);
  if (unreachable) {
    out.push({
      id: "smtp-connect",
      ok: false,
      detail: `SMTP server ${host}:${port} cannot be reached (${unreachable})`,
      fix: "check SMTP_URL's host and port (587 with STARTTLS, or smtps:// on 465) and that this machine may connect out",
    });
    return false;
  }
  const conn = new (SMTPConnection as unknown as new (o: object) => Conn)({
    host,
    port,
    secure,
    ignoreTLS: url.searchParams.get("ignoreTLS") === "true",
    requireTLS: url.searchParams.get("requireTLS") === "true",
    connectionTimeout: 15_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  conn.on("error", () => undefined);
  try {
    await new Promise<void>((res, rej) => conn.connect((err) => (err ? rej(err) : res())));
  } catch (err) {
    out.push({
      id: "smtp-connect",
      ok: false,
      detail: `SMTP server ${host}:${port} did not greet (${(err as Error).message})`,
      fix: "check SMTP_URL (smtps:// for port 465, smtp:// for 587/25)",
    });
    conn.close();
    return false;
  }
  out.push({ id: "smtp-connect", ok: true, detail: `SMTP server ${host}:${port} reachable` });
  const loopback = /^(127\.|::1$|localhost$)/i.test(host);
  out.push({
    id: "smtp-tls",
    ok: conn.secure || loopback,
    detail: conn.secure
      ? `SMTP connection encrypted (${secure ? "TLS" : "STARTTLS"})`
      : `SMTP connection not encrypted${loopback ? ": acceptable for a server on this machine only" : ""}`,
    fix: conn.secure || loopback ? undefined : "use port 587 (STARTTLS) or smtps:// on 465; without ?ignoreTLS=true",
  });
  const offered = [...(conn._supportedAuth ?? [])];
  const wanted = s.tokens ? "XOAUTH2" : null;
  const mechOk = offered.length > 0 && (!wanted || offered.includes(wanted));
  out.push({
    id: "smtp-mechanisms",
    ok: mechOk || (!s.tokens && !url.username),
    detail: `SMTP AUTH mechanisms offered: ${offered.join(", ") || "none"}`,
    fix: wanted
      ? `the server does not offer ${wanted}: for Microsoft 365 enable SMTP AUTH for the mailbox (Set-CASMailbox -SmtpClientAuthenticationDisabled $false)`
      : "the server offers no sign-in: check SMTP_URL's port (587 usually) and that STARTTLS worked",
    data: { mechanisms: offered },
  });
  let auth: unknown = null;
  let who = "";
  if (s.tokens) {
    try {
      const t = await s.tokens.get();
      auth = {
        oauth2: new (XOAuth2 as unknown as new (o: object) => unknown)({ user: s.tokenUser, accessToken: t.token, expires: t.expiresAt }),
        method: "XOAUTH2",
        user: s.tokenUser,
      };
      who = `${s.tokenUser} (token)`;
    } catch (err) {
      out.push({ id: "smtp-sign-in", ok: false, detail: `SMTP sign-in as ${s.tokenUser}: no token (${(err as Error).message})` });
      conn.close();
      return false;
    }
  } else if (url.username) {
    auth = { credentials: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } };
    who = `${decodeURIComponent(url.username)} (password)`;
  }
  if (!auth) {
    out.push({ id: "smtp-sign-in", ok: true, detail: "SMTP sign-in: none configured (SMTP_URL has no user), the server accepts mail without it" });
    conn.quit();
    return true;
  }
  try {
    await new Promise<void>((res, rej) => conn.login(auth, (err) => (err ? rej(err) : res())));
    out.push({ id: "smtp-sign-in", ok: true, detail: `SMTP sign-in as ${who} accepted` });
    conn.quit();
    return true;
  } catch (err) {
    const said = ((err as { response?: string }).response ?? (err as Error).message).toString();
    const f = explainServerRefusal("SMTP", s.authMode, said);
    out.push({ id: "smtp-sign-in", ok: false, detail: `SMTP sign-in as ${who} refused (${said})`, fix: f.message.replace(/^.*?\): /, "") });
    conn.close();
    return false;
  }
}

/** --send-test: one message through the worker's transport; returns its Message-ID when accepted. */
export async function sendTestMessage(s: SmtpCheckSettings & { from: string; to: string; poolSize: number }, out: CheckResult[]): Promise<string | null> {
  const transport = createTransport({ smtpUrl: s.smtpUrl, poolSize: 1, dkim: null, oauth: s.tokens ? { user: s.tokenUser, tokens: s.tokens } : null });
  const domain = /@([^>\s]+)/.exec(s.from)?.[1] ?? "pinmail.invalid";
  const messageId = `<check-mailbox-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@${domain}>`;
  try {
    await transport.sendMail({
      from: s.from,
      to: s.to,
      subject: "pinmail check-mailbox test message",
      text: "This message was sent by `pinmail check-mailbox --send-test` to check that the mailbox can send mail. No action is needed.",
      messageId,
      headers: { "Auto-Submitted": "auto-generated" },
    });
    out.push({ id: "send-test", ok: true, detail: `test message to ${s.to} accepted by SMTP (Message-ID ${messageId})`, data: { messageId } });
    return messageId;
  } catch (err) {
    const e = err as { response?: string; message?: string };
    out.push({
      id: "send-test",
      ok: false,
      detail: `test message to ${s.to} refused (${(e.response ?? e.message ?? String(err)).slice(0, 300)})`,
      fix: "check MAIL_FROM: Microsoft 365 and Google send only as the signed-in mailbox or an address it may send as (Add-RecipientPermission)",
    });
    return null;
  } finally {
    transport.close();
  }
}
