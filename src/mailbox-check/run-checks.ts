// `pinmail check-mailbox`: the checklist in order, each check reading the same settings as the
// worker and connecting through the same factories, so what passes here works there.
import { ConfigError, type ConfigOf, loadConfig } from "../config.js";
import { createTokenSource, credentialExpiry, expiryWarning } from "../mailauth/create-token-source.js";
import type { TokenSource } from "../mailauth/access-token.js";
import { formatUtc, notChecked, type CheckResult } from "./check-result.js";
import { checkFolders, checkImapSignIn, checkSenderAuthHeaders, checkSentCopy, type ImapCheckSettings } from "./imap-checks.js";
import { checkSmtp, sendTestMessage } from "./smtp-checks.js";

export interface CheckOptions {
  sendTest?: string;
  /** How long --send-test waits for a copy in Sent. */
  sentCopyWaitMs?: number;
}

export async function runMailboxChecks(env: Record<string, string | undefined>, opts: CheckOptions = {}): Promise<CheckResult[]> {
  const out: CheckResult[] = [];
  let config: ConfigOf<"imap" | "mail" | "mailAuth" | "senderAuth">;
  try {
    config = loadConfig(["imap", "mail", "mailAuth", "senderAuth"], env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    out.push({
      id: "settings",
      ok: false,
      detail: `settings invalid: ${err.problems.join("; ")}`,
      fix: "set these in the environment or in .env (see .env.example)",
      data: { problems: err.problems },
    });
    return out;
  }
  const expiry = credentialExpiry(config);
  const warning = expiryWarning(expiry, new Date());
  out.push({
    id: "settings",
    ok: !warning,
    detail: `settings valid (MAIL_AUTH=${config.MAIL_AUTH}, mailbox ${config.IMAP_USER}${expiry ? `, ${expiry.what} expires ${formatUtc(expiry.expiresAt.getTime())}` : ""})${warning ? `: ${warning}` : ""}`,
    fix: warning ? "create a new secret or certificate in the app registration and update the settings" : undefined,
  });

  let tokens: TokenSource | null = null;
  let tokenOk = true;
  if (config.MAIL_AUTH !== "password") {
    try {
      tokens = createTokenSource(config);
      const t = await tokens!.get();
      out.push({
        id: "token",
        ok: true,
        detail: `token obtained from ${config.MAIL_AUTH} (expires ${formatUtc(t.expiresAt)}, scopes: ${t.scopes.join(" ") || "none listed"})`,
        data: { provider: config.MAIL_AUTH, expiresAt: new Date(t.expiresAt).toISOString(), scopes: t.scopes },
      });
    } catch (err) {
      tokenOk = false;
      const msg = (err as Error).message;
      const [said, advice] = msg.includes("): ") ? [msg.slice(0, msg.indexOf("): ") + 1), msg.slice(msg.indexOf("): ") + 3)] : [msg, undefined];
      out.push({ id: "token", ok: false, detail: `no token from ${config.MAIL_AUTH}: ${said}`, fix: advice });
    }
  }

  const imap: ImapCheckSettings = {
    host: config.IMAP_HOST,
    port: config.IMAP_PORT,
    secure: config.IMAP_SECURE,
    user: config.IMAP_USER,
    password: config.IMAP_PASSWORD,
    tokens,
    authMode: config.MAIL_AUTH,
    mailbox: config.IMAP_MAILBOX,
    processedMailbox: config.IMAP_PROCESSED_MAILBOX,
    attentionMailbox: config.IMAP_ATTENTION_MAILBOX,
    sentMailbox: config.IMAP_SENT_MAILBOX,
    authservId: config.MAIL_AUTHSERV_ID,
  };
  const client = tokenOk ? await checkImapSignIn(imap, out) : null;
  if (!tokenOk) out.push(notChecked("imap-sign-in", "IMAP", "no token"));
  let sentFolder: string | null = null;
  if (client) {
    try {
      sentFolder = (await checkFolders(client, imap, out, !!opts.sendTest)).sentFolder;
      await checkSenderAuthHeaders(client, imap, out);
    } catch (err) {
      out.push({ id: "imap-folders", ok: false, detail: `IMAP checks stopped: ${(err as Error).message}` });
    }
  }

  const smtp = { smtpUrl: config.SMTP_URL, tokens, authMode: config.MAIL_AUTH, tokenUser: config.SMTP_USER ?? config.IMAP_USER };
  const smtpOk = tokenOk ? await checkSmtp(smtp, out) : (out.push(notChecked("smtp-sign-in", "SMTP", "no token")), false);
  if (opts.sendTest) {
    if (!smtpOk) out.push(notChecked("send-test", "test message", "SMTP sign-in failed"));
    else {
      const messageId = await sendTestMessage({ ...smtp, from: config.MAIL_FROM, to: opts.sendTest, poolSize: 1 }, out);
      if (messageId && client && sentFolder) await checkSentCopy(client, sentFolder, messageId, out, opts.sentCopyWaitMs).catch(() => undefined);
    }
  }
  if (client) await client.logout().catch(() => client.close());
  return out;
}
