// The IMAP half of `pinmail check-mailbox`: reach the server, sign in (with the same client
// factory as the worker), capabilities, the folders under the server's namespace, whether sent
// copies are kept, and which authserv-ids the newest messages' Authentication-Results carry.
import { Socket } from "node:net";
import type { ImapFlow } from "imapflow";
import { describeImapError, imapClientFor, type ImapAccount } from "../mailbox/imap-client.js";
import { serverFolderName, type PersonalNamespace } from "../mailbox/folder-names.js";
import type { TokenSource } from "../mailauth/access-token.js";
import { explainServerRefusal } from "../mailauth/explain-failure.js";
import { findSentFolder } from "../outbox/sent-copies.js";
import type { CheckResult } from "./check-result.js";

export interface ImapCheckSettings extends Omit<ImapAccount, "accessToken"> {
  tokens: TokenSource | null;
  authMode: string;
  mailbox: string;
  processedMailbox: string;
  attentionMailbox: string;
  sentMailbox?: string;
  authservId?: string;
}

export function tcpReachable(host: string, port: number, timeoutMs = 5000): Promise<string | null> {
  return new Promise((res) => {
    const s = new Socket();
    const done = (err: string | null) => {
      s.destroy();
      res(err);
    };
    s.setTimeout(timeoutMs, () => done(`no answer within ${timeoutMs / 1000} s`));
    s.once("error", (e: NodeJS.ErrnoException) => done(e.code ?? e.message));
    s.connect(port, host, () => done(null));
  });
}

const isLoopback = (host: string) => /^(127\.|::1$|localhost$)/i.test(host);

/** Opens the session the later checks use; null (with the failures pushed) when it cannot. */
export async function checkImapSignIn(s: ImapCheckSettings, out: CheckResult[]): Promise<ImapFlow | null> {
  const where = `${s.host}:${s.port}`;
  const unreachable = await tcpReachable(s.host, s.port);
  if (unreachable) {
    out.push({
      id: "imap-connect",
      ok: false,
      detail: `IMAP server ${where} cannot be reached (${unreachable})`,
      fix: "check IMAP_HOST and IMAP_PORT (993 with IMAP_SECURE=true is usual) and that this machine may connect out",
    });
    return null;
  }
  out.push({ id: "imap-connect", ok: true, detail: `IMAP server ${where} reachable` });
  const tlsOk = s.secure || isLoopback(s.host);
  out.push({
    id: "imap-tls",
    ok: tlsOk,
    detail: s.secure
      ? "IMAP connection encrypted (TLS)"
      : `IMAP connection not encrypted (IMAP_SECURE=false)${tlsOk ? ": acceptable for a server on this machine only" : ""}`,
    fix: tlsOk ? undefined : "set IMAP_SECURE=true and IMAP_PORT=993: the password or token would cross the network in clear",
  });
  let client: ImapFlow;
  try {
    client = await imapClientFor(s);
  } catch (err) {
    out.push({ id: "imap-sign-in", ok: false, detail: `IMAP sign-in as ${s.user}: no token (${(err as Error).message})` });
    return null;
  }
  client.on("error", () => undefined);
  try {
    await client.connect();
  } catch (err) {
    const said = describeImapError(err);
    const refused = (err as { authenticationFailed?: boolean }).authenticationFailed;
    const f = refused ? explainServerRefusal("IMAP", s.authMode, said) : null;
    out.push({
      id: "imap-sign-in",
      ok: false,
      detail: refused ? `IMAP sign-in as ${s.user} refused (${said})` : `IMAP connection failed (${said})`,
      fix: f ? f.message.replace(/^.*?\): /, "") : "check IMAP_SECURE (TLS on 993, plain on 143) and the server's log",
    });
    client.close();
    return null;
  }
  out.push({ id: "imap-sign-in", ok: true, detail: `IMAP sign-in as ${s.user} accepted (${s.tokens ? "token, XOAUTH2/OAUTHBEARER" : "password"})` });
  const caps = ["IDLE", "MOVE", "UIDPLUS"].filter((c) => client.capabilities.has(c));
  const missing = ["IDLE", "MOVE", "UIDPLUS"].filter((c) => !caps.includes(c));
  out.push({
    id: "imap-capabilities",
    ok: caps.includes("IDLE"),
    detail: `IMAP capabilities: ${caps.join(", ") || "none of IDLE, MOVE, UIDPLUS"}${missing.length ? ` (missing ${missing.join(", ")})` : ""}`,
    fix: caps.includes("IDLE") ? undefined : "without IDLE new mail is noticed only every IMAP_POLL_SECONDS; lower it if replies must be quick",
    data: { capabilities: caps },
  });
  return client;
}

export async function checkFolders(client: ImapFlow, s: ImapCheckSettings, out: CheckResult[], sendTest: boolean): Promise<{ sentFolder: string | null }> {
  const raw = (client as unknown as { namespace?: { prefix?: string; delimiter?: string } }).namespace;
  const ns: PersonalNamespace = { prefix: raw?.prefix ?? "", delimiter: raw?.delimiter ?? "/" };
  const names = {
    mailbox: serverFolderName(s.mailbox, ns),
    processed: serverFolderName(s.processedMailbox, ns),
    attention: serverFolderName(s.attentionMailbox, ns),
  };
  let list: Awaited<ReturnType<ImapFlow["list"]>>;
  try {
    list = await client.list();
  } catch (err) {
    out.push({ id: "imap-folders", ok: false, detail: `listing folders failed (${describeImapError(err)})` });
    return { sentFolder: null };
  }
  const paths = new Set(list.map((m) => m.path));
  out.push({
    id: "imap-namespace",
    ok: true,
    detail: `folders: namespace "${ns.prefix}", delimiter "${ns.delimiter}"; using ${names.mailbox}, ${names.processed}, ${names.attention}`,
    data: { namespace: ns.prefix, delimiter: ns.delimiter, ...names },
  });
  if (paths.has(names.mailbox)) {
    const st = await client.status(names.mailbox, { messages: true }).catch(() => false as const);
    out.push({
      id: "imap-mailbox",
      ok: true,
      detail: `IMAP_MAILBOX ${names.mailbox} exists: ${st ? st.messages : "?"} message(s)`,
      data: { mailbox: names.mailbox, messages: st ? st.messages : null },
    });
  } else {
    const known = [...paths].slice(0, 15).join(", ");
    out.push({
      id: "imap-mailbox",
      ok: false,
      detail: `IMAP_MAILBOX ${names.mailbox} does not exist`,
      fix: `set IMAP_MAILBOX to one of the folders on the server: ${known}`,
    });
  }
  for (const [id, setting, path] of [
    ["imap-processed", "IMAP_PROCESSED_MAILBOX", names.processed],
    ["imap-attention", "IMAP_ATTENTION_MAILBOX", names.attention],
  ] as const) {
    if (paths.has(path)) {
      out.push({ id, ok: true, detail: `${setting} ${path} exists` });
      continue;
    }
    try {
      // The worker creates it at start anyway; doing it now proves it can.
      await client.mailboxCreate(path);
      out.push({ id, ok: true, detail: `${setting} ${path} did not exist and was created` });
    } catch (err) {
      out.push({
        id,
        ok: false,
        detail: `${setting} ${path} does not exist and cannot be created (${describeImapError(err)})`,
        fix: `create it on the server, or set ${setting} to an existing folder`,
      });
    }
  }
  const sentFolder = await findSentFolder(client, s.sentMailbox).catch(() => null);
  if (s.sentMailbox && !sentFolder) {
    out.push({
      id: "imap-sent",
      ok: false,
      detail: `IMAP_SENT_MAILBOX ${s.sentMailbox} does not exist`,
      fix: "set IMAP_SENT_MAILBOX to the folder where the mailbox keeps sent mail, or leave it empty to use the \\Sent folder",
    });
  } else {
    out.push({
      id: "imap-sent",
      ok: true,
      detail: sentFolder
        ? `Sent folder ${sentFolder}: copies of PIN replies found there are deleted after delivery${sendTest ? "" : " (--send-test shows whether copies appear)"}`
        : "no Sent folder (no IMAP_SENT_MAILBOX, no \\Sent special use): if the provider keeps copies of sent mail, set IMAP_SENT_MAILBOX",
      data: { sentFolder },
    });
  }
  return { sentFolder };
}

/** Which authserv-ids the newest messages carry, and whether MAIL_AUTHSERV_ID is among them. */
export async function checkSenderAuthHeaders(client: ImapFlow, s: ImapCheckSettings, out: CheckResult[], newest = 10): Promise<void> {
  const ns = (client as unknown as { namespace?: { prefix?: string; delimiter?: string } }).namespace;
  const mailbox = serverFolderName(s.mailbox, { prefix: ns?.prefix ?? "", delimiter: ns?.delimiter ?? "/" });
  const ids = new Map<string, number>();
  let looked = 0;
  try {
    const lock = await client.getMailboxLock(mailbox, { readOnly: true });
    try {
      const exists = (client.mailbox as { exists?: number } | false) ? (client.mailbox as { exists: number }).exists : 0;
      if (exists > 0) {
        const from = Math.max(1, exists - newest + 1);
        for await (const m of client.fetch(`${from}:*`, { headers: ["authentication-results"] })) {
          looked++;
          const text = m.headers?.toString("utf8") ?? "";
          for (const v of text.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
            const id = /^authentication-results:\s*([^\s;]+)/i.exec(v)?.[1]?.toLowerCase();
            if (id) ids.set(id, (ids.get(id) ?? 0) + 1);
          }
        }
      }
    } finally {
      lock.release();
    }
  } catch (err) {
    out.push({ id: "sender-auth", ok: false, detail: `reading the newest messages failed (${describeImapError(err)})` });
    return;
  }
  const found = [...ids.entries()].map(([id, n]) => `${id} (${n})`).join(", ") || "none";
  const data = { looked, authservIds: Object.fromEntries(ids), configured: s.authservId ?? null };
  if (!looked) {
    out.push({ id: "sender-auth", ok: true, detail: `sender authentication: no messages in ${mailbox} to look at`, data });
  } else if (!s.authservId) {
    out.push({
      id: "sender-auth",
      ok: true,
      detail: `sender authentication: MAIL_AUTHSERV_ID not set; the newest ${looked} message(s) carry Authentication-Results from: ${found}`,
      data,
    });
  } else if (ids.has(s.authservId.toLowerCase())) {
    out.push({
      id: "sender-auth",
      ok: true,
      detail: `sender authentication: ${ids.get(s.authservId.toLowerCase())} of the newest ${looked} message(s) carry Authentication-Results from ${s.authservId}`,
      data,
    });
  } else {
    out.push({
      id: "sender-auth",
      ok: false,
      detail: `sender authentication: none of the newest ${looked} message(s) carry Authentication-Results from MAIL_AUTHSERV_ID=${s.authservId} (found: ${found})`,
      fix: "set MAIL_AUTHSERV_ID to the id your receiving server writes (one of those found), or ask who runs it to add Authentication-Results",
      data,
    });
  }
}

/** After --send-test: did the provider put a copy in Sent? Deletes that copy (it is only a test). */
export async function checkSentCopy(client: ImapFlow, sentFolder: string, messageId: string, out: CheckResult[], waitMs = 15_000): Promise<void> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const lock = await client.getMailboxLock(sentFolder);
    let uids: number[] = [];
    try {
      uids = (await client.search({ header: { "message-id": messageId } }, { uid: true })) || [];
      if (uids.length) await client.messageDelete(uids.join(","), { uid: true });
    } finally {
      lock.release();
    }
    if (uids.length) {
      out.push({
        id: "sent-copies",
        ok: true,
        detail: `the provider kept a copy of the test message in ${sentFolder}: pinmail deletes such copies of PIN replies (the test copy was deleted)`,
        data: { sentCopies: true },
      });
      return;
    }
    if (Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  out.push({
    id: "sent-copies",
    ok: true,
    detail: `no copy of the test message appeared in ${sentFolder} within ${waitMs / 1000} s: sent copies are not kept`,
    data: { sentCopies: false },
  });
}
