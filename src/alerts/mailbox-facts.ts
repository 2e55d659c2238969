// The mailbox facts mailbox-down, mailbox-stale and credential-expiring judge. The process that
// reads the mailbox publishes its status in Redis (`<prefix>:mailbox-status`, also read by the
// dashboard's overview) with the times tracked here (down since, connected since) and the sign-in
// health of src/mailauth/mailbox-status.ts; it re-publishes every 15 s so that a copy older than a
// minute means its publisher is gone. Every process reads the facts back from that copy.
import type { Redis } from "ioredis";
import type { MailboxStatus } from "../ingest/mailbox-reader.js";
import type { Credential, MailboxFacts } from "./conditions.js";

const AUTH_REFUSED = /AUTHENTICATIONFAILED|authentication failed|invalid credentials|LOGIN failed|AUTHENTICATE failed/i;
export const REPUBLISH_MS = 15_000;
export const PUBLISHED_MAX_AGE_MS = 60_000;

/** The part of src/mailauth/mailbox-status.ts's snapshot (issue 16) the alerts read. */
export interface MailboxAuthSnapshot {
  authFailing: boolean;
  authFailure: { since: string } | null;
  lastRoundTripAt: string | null;
  credentialExpiry: { what: string; expiresAt: string } | null;
}

/** What the reader publishes: its status, the tracked times (ISO) and its sign-in health. */
export interface PublishedMailbox extends MailboxStatus {
  downSince: string | null;
  connectedSince: string | null;
  auth?: MailboxAuthSnapshot | null;
  at: string;
}

export class MailboxPublisher {
  private downSince: Date | null = null;
  private connectedSince: Date | null = null;
  private last: MailboxStatus | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly redis: Pick<Redis, "set">,
    private readonly key: string,
    private readonly auth: () => MailboxAuthSnapshot | null,
    private readonly now: () => Date = () => new Date(),
  ) {}

  update(s: MailboxStatus): void {
    const connected = s.state === "connected";
    if (connected && this.last?.state !== "connected") this.connectedSince = this.now();
    if (!connected) this.connectedSince = null;
    if (connected) this.downSince = null;
    // "stopped" is this process letting go of the lease, not an outage.
    else if (s.state !== "stopped" && !this.downSince) this.downSince = this.now();
    this.last = { ...s };
    this.publish();
    if (s.state === "stopped") this.stopRepeating();
    else this.timer ??= setInterval(() => this.publish(), REPUBLISH_MS).unref();
  }

  published(): PublishedMailbox | null {
    if (!this.last) return null;
    return {
      ...this.last,
      downSince: this.downSince?.toISOString() ?? null,
      connectedSince: this.connectedSince?.toISOString() ?? null,
      auth: this.auth(),
      at: this.now().toISOString(),
    };
  }

  stopRepeating(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private publish(): void {
    const p = this.published();
    if (p) void this.redis.set(this.key, JSON.stringify(p), "EX", 300).catch(() => undefined);
  }
}

/** Facts from a published copy; null when there is none, it is stopped, or it is older than a minute (its publisher is gone). */
export function factsFromPublished(p: Partial<PublishedMailbox> | null, now: Date, maxAgeMs = PUBLISHED_MAX_AGE_MS): MailboxFacts | null {
  if (!p || !p.state || p.state === "stopped" || !p.at) return null;
  if (now.getTime() - new Date(p.at).getTime() > maxAgeMs) return null;
  const d = (v: string | null | undefined) => (v ? new Date(v) : null);
  const syncs = [d(p.lastSyncAt), d(p.auth?.lastRoundTripAt)].filter((x): x is Date => x !== null);
  return {
    connected: p.state === "connected",
    authFailing: p.auth ? p.auth.authFailing : p.state !== "connected" && AUTH_REFUSED.test(p.lastError ?? ""),
    downSince: d(p.downSince) ?? d(p.auth?.authFailure?.since),
    connectedSince: d(p.connectedSince),
    lastSyncAt: syncs.length ? new Date(Math.max(...syncs.map((x) => x.getTime()))) : null,
  };
}

export function credentialsFromPublished(p: Partial<PublishedMailbox> | null): Credential[] {
  const c = p?.auth?.credentialExpiry;
  return c ? [{ what: c.what, expiresAt: new Date(c.expiresAt) }] : [];
}

export async function readPublished(redis: Pick<Redis, "get">, key: string): Promise<Partial<PublishedMailbox> | null> {
  const raw = await redis.get(key);
  if (!raw) return null;
  try {
    return JSON.parse(raw) as Partial<PublishedMailbox>;
  } catch {
    return null;
  }
}
