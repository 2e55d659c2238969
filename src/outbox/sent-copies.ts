// Microsoft 365 and Gmail keep a copy of every message sent through the mailbox in its Sent
// folder: every PIN would sit there in clear for anyone with access to the (often shared)
// mailbox. After a PIN reply is delivered its Message-ID is queued here; a connection of its own
// finds the copy in the Sent folder (IMAP_SENT_MAILBOX, else the folder with the \Sent special
// use) and deletes it (\Deleted and expunge). The copy can appear a little after SMTP accepted
// the mail, so a Message-ID not found yet is looked for again a few times.
import type { ImapFlow } from "imapflow";
import type { Logger } from "../runtime/logger.js";
import type { TokenSource } from "../mailauth/access-token.js";
import { describeImapError, imapClientFor, type ImapAccount } from "../mailbox/imap-client.js";
import { serverFolderName } from "../mailbox/folder-names.js";

export interface SentCopySettings extends Omit<ImapAccount, "accessToken"> {
  tokens?: TokenSource | null;
  /** IMAP_SENT_MAILBOX, as configured (with "/"). */
  sentMailbox?: string;
  /** When each not-yet-found Message-ID is looked for again (ms after delivery). */
  retryAfterMs?: readonly number[];
}

interface Pending {
  messageId: string;
  attempt: number;
  dueAt: number;
}

/** The Sent folder: the configured one mapped to the server's names, else the one marked \Sent. */
export async function findSentFolder(client: ImapFlow, configured: string | undefined): Promise<string | null> {
  const ns = (client as unknown as { namespace?: { prefix?: string; delimiter?: string } }).namespace;
  const list = await client.list();
  if (configured) {
    const name = serverFolderName(configured, { prefix: ns?.prefix ?? "", delimiter: ns?.delimiter ?? "/" });
    return list.some((m) => m.path === name) ? name : null;
  }
  return list.find((m) => m.specialUse === "\\Sent")?.path ?? null;
}

export class SentCopyRemover {
  private readonly queue: Pending[] = [];
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private client: ImapFlow | null = null;
  private folder: string | null | undefined = undefined;
  private closing: NodeJS.Timeout | null = null;
  private stopped = false;
  /** Counts for tests and the log. */
  readonly counts = { removed: 0, notFound: 0, failed: 0 };

  constructor(
    private readonly settings: SentCopySettings,
    private readonly logger: Logger,
  ) {}

  /** A PIN reply was delivered. */
  add(messageId: string): void {
    if (this.stopped || this.folder === null) return;
    this.queue.push({ messageId, attempt: 0, dueAt: Date.now() + (this.retries()[0] ?? 0) });
    this.schedule(this.retries()[0] ?? 0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.closing) clearTimeout(this.closing);
    await this.running?.catch(() => undefined);
    await this.disconnect();
  }

  private retries(): readonly number[] {
    return this.settings.retryAfterMs ?? [500, 5_000, 30_000, 120_000];
  }

  private schedule(inMs: number): void {
    if (this.stopped || this.timer || this.running) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.run().finally(() => {
        this.running = null;
        const next = this.queue.reduce((min, p) => Math.min(min, p.dueAt), Infinity);
        if (next !== Infinity) this.schedule(Math.max(0, next - Date.now()));
      });
    }, inMs);
    this.timer.unref();
  }

  private async connect(): Promise<ImapFlow> {
    if (this.client?.usable) return this.client;
    const client = await imapClientFor(this.settings);
    client.on("error", () => undefined); // reported when a command fails
    await client.connect();
    this.client = client;
    if (this.folder === undefined) {
      this.folder = await findSentFolder(client, this.settings.sentMailbox);
      if (this.folder) this.logger.info({ folder: this.folder }, "copies of PIN replies are removed from the Sent folder");
      else
        this.logger.info(
          { configured: this.settings.sentMailbox ?? null },
          this.settings.sentMailbox
            ? "IMAP_SENT_MAILBOX not found on the server: sent copies are not removed"
            : "no \\Sent folder on the server: sent copies are not removed",
        );
    }
    return client;
  }

  private async disconnect(): Promise<void> {
    const c = this.client;
    this.client = null;
    if (c) await c.logout().catch(() => c.close());
  }

  private async run(): Promise<void> {
    const now = Date.now();
    const due = this.queue.filter((p) => p.dueAt <= now).slice(0, 50);
    if (!due.length) return;
    try {
      const client = await this.connect();
      if (!this.folder) {
        this.queue.length = 0;
        return await this.disconnect();
      }
      const lock = await client.getMailboxLock(this.folder);
      try {
        const found = new Map<string, number[]>();
        for (const p of due) {
          const uids = (await client.search({ header: { "message-id": p.messageId } }, { uid: true })) || [];
          if (uids.length) found.set(p.messageId, uids);
        }
        const uids = [...found.values()].flat();
        if (uids.length) await client.messageDelete(uids.join(","), { uid: true });
        for (const p of due) {
          if (found.has(p.messageId)) {
            this.counts.removed++;
            this.queue.splice(this.queue.indexOf(p), 1);
          } else this.later(p);
        }
      } finally {
        lock.release();
      }
    } catch (err) {
      this.counts.failed++;
      this.logger.warn({ err: describeImapError(err) }, "removing sent copies failed; will retry");
      for (const p of due) this.later(p);
      await this.disconnect();
    }
    // Keep the connection a little for the next replies, not for ever.
    if (this.closing) clearTimeout(this.closing);
    this.closing = setTimeout(() => void this.disconnect(), 60_000);
    this.closing.unref();
  }

  private later(p: Pending): void {
    p.attempt++;
    const wait = this.retries()[p.attempt];
    if (wait === undefined) {
      this.counts.notFound++;
      this.queue.splice(this.queue.indexOf(p), 1);
      return;
    }
    p.dueAt = Date.now() + wait - (this.retries()[p.attempt - 1] ?? 0);
  }
}
