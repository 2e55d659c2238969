// The mailbox's sign-in health in one place, for /readyz, the metrics, the dashboard and alerts
// (issue 18): whether the reader is connected, whether signing in (token, IMAP or SMTP) is
// failing and why, when the last full round trip with the server succeeded, and when the app's
// credential expires. Never holds a token or a password.
import type { CredentialExpiry } from "./create-token-source.js";
import type { MailAuthFailure } from "./explain-failure.js";

export type AuthSide = "token" | "imap" | "smtp";

export interface MailboxAuthSnapshot {
  mode: string;
  connected: boolean;
  authFailing: boolean;
  /** The newest failure while failing: which side, why, since when (ISO). */
  authFailure: { side: AuthSide; reason: string; message: string; since: string } | null;
  /** The last sweep that read the mailbox to the end (ISO). */
  lastRoundTripAt: string | null;
  credentialExpiry: { what: string; expiresAt: string } | null;
}

export class MailboxAuthStatus {
  private connected = false;
  private lastRoundTripAt: Date | null = null;
  private readonly failures = new Map<AuthSide, MailAuthFailure & { since: Date }>();

  constructor(
    readonly mode: string,
    readonly credentialExpiry: CredentialExpiry | null = null,
    private readonly onFailure?: (side: AuthSide, f: MailAuthFailure, first: boolean) => void,
    private readonly now: () => Date = () => new Date(),
  ) {}

  setConnected(up: boolean): void {
    this.connected = up;
  }

  roundTrip(at = this.now()): void {
    this.lastRoundTripAt = at;
  }

  /** A sign-in failed; `first` tells the listener whether this starts a new outage (one log line). */
  failed(side: AuthSide, f: MailAuthFailure): void {
    const prev = this.failures.get(side);
    const first = !prev || prev.message !== f.message;
    this.failures.set(side, { ...f, since: prev?.since ?? this.now() });
    this.onFailure?.(side, f, first);
  }

  /** Clears that side only: a fresh token proves the identity provider is back, not that a server accepts it. */
  succeeded(side: AuthSide): void {
    this.failures.delete(side);
  }

  isAuthFailing(): boolean {
    return this.failures.size > 0;
  }

  snapshot(): MailboxAuthSnapshot {
    const newest = [...this.failures.entries()].sort((a, b) => b[1].since.getTime() - a[1].since.getTime())[0];
    return {
      mode: this.mode,
      connected: this.connected,
      authFailing: this.failures.size > 0,
      authFailure: newest ? { side: newest[0], reason: newest[1].reason, message: newest[1].message, since: newest[1].since.toISOString() } : null,
      lastRoundTripAt: this.lastRoundTripAt?.toISOString() ?? null,
      credentialExpiry: this.credentialExpiry ? { what: this.credentialExpiry.what, expiresAt: this.credentialExpiry.expiresAt.toISOString() } : null,
    };
  }
}
