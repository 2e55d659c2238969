// Watches the mailbox: one ImapFlow client per connection attempt (an instance cannot
// reconnect), IDLE for prompt notice of new mail, polling where the server has no IDLE, and a
// reconcile sweep on every (re)connect and every IMAP_SWEEP_SECONDS, so a silently dead IDLE
// costs latency, never mail. The cursor (UIDVALIDITY + last UID) lives in PostgreSQL.
import type { ImapFlow } from "imapflow";
import { describeImapError, imapClientFor } from "../mailbox/imap-client.js";
import { serverFolderName } from "../mailbox/folder-names.js";
import type { MailboxAuthStatus } from "../mailauth/mailbox-status.js";
import { TokenError, type TokenSource } from "../mailauth/access-token.js";
import { explainServerRefusal, explainTokenFailure } from "../mailauth/explain-failure.js";
import type { Logger } from "../runtime/logger.js";
import type { Db } from "../store/prisma.js";
import type { Queryable } from "../store/sql.js";
import { analyseMessage, type AnalyseContext } from "../pipeline/analyse-message.js";
import { Backoff } from "./backoff.js";
import { intake, type IncomingMessage } from "./intake.js";
import type { Producers } from "../jobs/producers.js";
import type { ComponentStatus } from "../runtime/health.js";

export interface MailboxSettings {
  host: string;
  port: number;
  secure: boolean;
  user: string;
  /** With MAIL_AUTH=password; otherwise `tokens` gives a current token for every (re)connect. */
  password?: string;
  tokens?: TokenSource | null;
  authMode?: string;
  mailbox: string;
  processedMailbox: string;
  attentionMailbox: string;
  pollSeconds: number;
  sweepSeconds: number;
  idleDelayMs: number;
  maxMessageBytes: number;
  reconnectMinMs: number;
  reconnectMaxMs: number;
}

export interface MailboxStatus {
  state: "stopped" | "connecting" | "connected" | "down";
  idle: boolean;
  idleSupported: boolean | null;
  lastSyncAt: string | null;
  lastError: string | null;
  reconnects: number;
}

export interface MailboxReaderDeps {
  db: Db;
  /** Intake's statements (the worker's plain pg pool: on every request's path). */
  q: Queryable;
  producers: Producers;
  logger: Logger;
  analyseContext: () => Omit<AnalyseContext, "now">;
  now?: () => Date;
  onStatus?: (s: MailboxStatus) => void;
  onSwept?: (info: { taken: number; left: number }) => void;
  /** Sign-in health shared with SMTP, /readyz and the dashboard. */
  authStatus?: MailboxAuthStatus;
}

/** The folder names used on this server (after NAMESPACE and the delimiter were read). */
export interface ServerFolders {
  mailbox: string;
  processed: string;
  attention: string;
}

const BATCH = 200;
/** Sources held in memory at once: many large messages must not add up to gigabytes. */
const BATCH_BYTES = 64 * 1024 * 1024;

/** Consecutive runs of at most BATCH messages and BATCH_BYTES of sources (oversized ones count as headers only). */
export function batches<T extends { size: number }>(metas: readonly T[], maxMessageBytes: number): T[][] {
  const out: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const m of metas) {
    const size = m.size > maxMessageBytes ? 0 : m.size;
    if (current.length && (current.length >= BATCH || bytes + size > BATCH_BYTES)) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(m);
    bytes += size;
  }
  if (current.length) out.push(current);
  return out;
}

export class MailboxReader implements ComponentStatus {
  readonly name = "imap";
  private client: ImapFlow | null = null;
  private stopped = true;
  private timer: NodeJS.Timeout | null = null;
  private periodic: NodeJS.Timeout | null = null;
  private sweeping: Promise<void> | null = null;
  private again = false;
  private readonly backoff: Backoff;
  private readonly now: () => Date;
  private folders: ServerFolders | null = null;
  private tokenRefused = false;
  readonly status: MailboxStatus = { state: "stopped", idle: false, idleSupported: null, lastSyncAt: null, lastError: null, reconnects: 0 };

  constructor(
    private readonly settings: MailboxSettings,
    private readonly deps: MailboxReaderDeps,
  ) {
    this.backoff = new Backoff({ minMs: settings.reconnectMinMs, maxMs: settings.reconnectMaxMs, stableMs: 60_000 });
    this.now = deps.now ?? (() => new Date());
  }

  isUp(): boolean {
    return this.status.state === "connected";
  }

  /** The folder names of the current connection (null before the first one). */
  serverFolders(): ServerFolders | null {
    return this.folders;
  }

  snapshot(): MailboxStatus {
    return { ...this.status, idle: this.client?.idling ?? false };
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    void this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.periodic) clearInterval(this.periodic);
    this.timer = this.periodic = null;
    await this.sweeping?.catch(() => undefined);
    const c = this.client;
    this.client = null;
    if (c) await c.logout().catch(() => c.close());
    this.setStatus({ state: "stopped", idle: false });
  }

  /** Asks for a sweep now (new mail announced, or a test that just appended). */
  poke(): void {
    if (this.stopped || !this.client) return;
    if (this.sweeping) {
      this.again = true;
      return;
    }
    this.sweeping = this.sweepLoop().finally(() => {
      this.sweeping = null;
    });
  }

  private setStatus(patch: Partial<MailboxStatus>): void {
    Object.assign(this.status, patch);
    this.deps.onStatus?.({ ...this.status });
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    this.setStatus({ state: "connecting" });
    const s = this.settings;
    const auth = this.deps.authStatus;
    let client: ImapFlow;
    try {
      client = await imapClientFor(s, { idleDelayMs: s.idleDelayMs, renewToken: this.tokenRefused });
      this.tokenRefused = false;
      if (s.tokens) auth?.succeeded("token");
    } catch (err) {
      // No token: back off as for any connection error; the status says why (once in the log).
      const failure = err instanceof TokenError ? err.failure : explainTokenFailure(s.tokens?.provider ?? "oauth2", (err as Error).message ?? String(err));
      auth?.failed("token", failure);
      this.setStatus({ lastError: `token: ${failure.message}` });
      this.retryLater();
      return;
    }
    if (this.stopped) return;
    this.client = client;
    client.on("error", (err: Error) => {
      const said = describeImapError(err);
      this.deps.logger.warn({ err: said }, "imap connection error");
      this.setStatus({ lastError: said });
    });
    client.on("close", () => this.dropped(client));
    client.on("exists", () => this.poke());
    try {
      await client.connect();
      auth?.succeeded("imap");
      this.folders = await this.ensureFolders(client);
      await client.mailboxOpen(this.folders.mailbox);
      this.backoff.connected();
      auth?.setConnected(true);
      const idleSupported = client.capabilities.has("IDLE");
      this.setStatus({ state: "connected", idleSupported, lastError: null });
      this.deps.logger.info({ mailbox: s.mailbox, idle: idleSupported }, "mailbox connected");
      if (this.periodic) clearInterval(this.periodic);
      const every = idleSupported ? s.sweepSeconds : Math.min(s.pollSeconds, s.sweepSeconds);
      this.periodic = setInterval(() => this.poke(), every * 1000);
      this.poke();
    } catch (err) {
      const said = describeImapError(err);
      if ((err as { authenticationFailed?: boolean }).authenticationFailed && auth) {
        this.tokenRefused = !!s.tokens;
        auth.failed("imap", explainServerRefusal("IMAP", s.authMode ?? "password", said));
      } else {
        this.deps.logger.warn({ err: said, host: s.host, port: s.port }, "mailbox connection failed");
      }
      this.setStatus({ lastError: `connect: ${said}` });
      client.close();
      this.dropped(client);
    }
  }

  private dropped(client: ImapFlow): void {
    if (this.client !== client) return; // an older instance closing late
    this.client = null;
    this.deps.authStatus?.setConnected(false);
    if (this.periodic) clearInterval(this.periodic);
    this.periodic = null;
    this.retryLater();
  }

  private retryLater(): void {
    if (this.stopped) return;
    const delay = this.backoff.next();
    this.setStatus({ state: "down", idle: false, reconnects: this.status.reconnects + 1 });
    this.deps.logger.warn({ retryInMs: delay }, "mailbox disconnected; reconnecting");
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.connect();
    }, delay);
  }

  /** Maps the configured names to the server's namespace and delimiter; creates what is missing. */
  private async ensureFolders(client: ImapFlow): Promise<ServerFolders> {
    const s = this.settings;
    const ns = (client as unknown as { namespace?: { prefix?: string; delimiter?: string } }).namespace;
    const personal = { prefix: ns?.prefix ?? "", delimiter: ns?.delimiter ?? "/" };
    const folders: ServerFolders = {
      mailbox: serverFolderName(s.mailbox, personal),
      processed: serverFolderName(s.processedMailbox, personal),
      attention: serverFolderName(s.attentionMailbox, personal),
    };
    const existing = new Set((await client.list()).map((m) => m.path));
    for (const path of [folders.processed, folders.attention]) {
      if (!existing.has(path))
        await client.mailboxCreate(path).catch((err: Error) => {
          // Another reader may have created it a moment ago.
          if (!/ALREADYEXISTS|exists/i.test(`${err.message} ${(err as { responseText?: string }).responseText ?? ""}`)) throw err;
        });
    }
    const changed = JSON.stringify(folders) !== JSON.stringify(this.folders);
    if (changed) this.deps.logger.info({ ...folders, namespace: personal.prefix, delimiter: personal.delimiter }, "mailbox folders in use");
    return folders;
  }

  private async sweepLoop(): Promise<void> {
    do {
      this.again = false;
      const client = this.client;
      if (!client || this.stopped) return;
      try {
        await this.sweep(client);
        const at = this.now();
        this.setStatus({ lastSyncAt: at.toISOString() });
        this.deps.authStatus?.roundTrip(at);
      } catch (err) {
        const said = describeImapError(err);
        this.deps.logger.error({ err: said }, "mailbox sweep failed; will retry");
        this.setStatus({ lastError: `sweep: ${said}` });
        // Infrastructure trouble (database, Redis): try again shortly rather than on the next mail.
        if (!this.stopped) setTimeout(() => this.poke(), 2000).unref();
        return;
      }
    } while (this.again && !this.stopped);
  }

  private async sweep(client: ImapFlow): Promise<void> {
    const s = this.settings;
    const box = client.mailbox;
    const folders = this.folders!;
    if (!box || box.path !== folders.mailbox) await client.mailboxOpen(folders.mailbox);
    const uidValidity = BigInt((client.mailbox as { uidValidity: bigint | number }).uidValidity);
    const key = `${s.user}@${s.host}:${s.port}/${s.mailbox}`;
    const cursor = await this.deps.db.mailboxCursor.findUnique({ where: { mailbox: key } });
    // A new UIDVALIDITY means old UIDs mean nothing: scan everything again; Message-IDs dedupe.
    const from = cursor && cursor.uidValidity === uidValidity ? cursor.lastUid + 1 : 1;
    if ((client.mailbox as { exists: number }).exists === 0) {
      if (!cursor || cursor.uidValidity !== uidValidity) await this.saveCursor(key, uidValidity, 0);
      return;
    }
    const metas: Array<{ uid: number; size: number; internalDate: Date | null }> = [];
    for await (const m of client.fetch(`${from}:*`, { uid: true, size: true, internalDate: true }, { uid: true })) {
      if (m.uid >= from) metas.push({ uid: m.uid, size: m.size ?? 0, internalDate: m.internalDate ? new Date(m.internalDate) : null });
    }
    metas.sort((a, b) => a.uid - b.uid);
    for (const batch of batches(metas, s.maxMessageBytes)) {
      await this.processBatch(client, batch, uidValidity);
      await this.saveCursor(key, uidValidity, batch[batch.length - 1]!.uid);
    }
  }

  private async processBatch(client: ImapFlow, batch: Array<{ uid: number; size: number; internalDate: Date | null }>, uidValidity: bigint): Promise<void> {
    const s = this.settings;
    const sources = new Map<number, Buffer>();
    const small = batch.filter((m) => m.size <= s.maxMessageBytes).map((m) => m.uid);
    if (small.length) {
      for await (const m of client.fetch(small.join(","), { uid: true, source: true }, { uid: true })) {
        if (m.source) sources.set(m.uid, m.source);
      }
    }
    const big = batch.filter((m) => m.size > s.maxMessageBytes).map((m) => m.uid);
    if (big.length) {
      // Only the headers of an oversized message: enough to record and file it.
      for await (const m of client.fetch(big.join(","), { uid: true, headers: true }, { uid: true })) {
        if (m.headers) sources.set(m.uid, m.headers);
      }
    }
    const ctx = { ...this.deps.analyseContext(), now: this.now() };
    const incoming: IncomingMessage[] = await Promise.all(
      batch
        .filter((m) => sources.has(m.uid))
        .map(async (m) => {
          const raw = sources.get(m.uid)!;
          let analysis = await analyseMessage(raw, m.internalDate, ctx);
          if (m.size > s.maxMessageBytes && analysis.action !== "leave") {
            analysis = {
              action: "attention",
              facts: analysis.facts,
              reason: `message of ${m.size} bytes is over IMAP_MAX_MESSAGE_BYTES (${s.maxMessageBytes}); headers kept`,
            };
          }
          return { uid: m.uid, raw, analysis };
        }),
    );
    const dispositions = await intake(
      { q: this.deps.q, db: this.deps.db, producers: this.deps.producers, mailbox: s.mailbox, uidValidity, now: this.now },
      incoming,
    );
    const processed = [...dispositions].filter(([, d]) => d === "processed").map(([uid]) => uid);
    const attention = [...dispositions].filter(([, d]) => d === "attention").map(([uid]) => uid);
    const folders = this.folders!;
    if (processed.length) await client.messageMove(processed.join(","), folders.processed, { uid: true });
    if (attention.length) await client.messageMove(attention.join(","), folders.attention, { uid: true });
    this.deps.onSwept?.({ taken: processed.length + attention.length, left: batch.length - processed.length - attention.length });
  }

  private async saveCursor(mailbox: string, uidValidity: bigint, lastUid: number): Promise<void> {
    await this.deps.db.mailboxCursor.upsert({
      where: { mailbox },
      create: { mailbox, uidValidity, lastUid },
      update: { uidValidity, lastUid },
    });
  }
}
