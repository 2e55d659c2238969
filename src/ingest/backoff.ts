// Reconnect delays: capped exponential with full jitter. The attempt counter is reset only after
// a connection has stayed up for `stableMs`, so a server that accepts and then drops at once is
// not hammered with immediate retries.
export interface BackoffPolicy {
  minMs: number;
  maxMs: number;
  stableMs: number;
}

export class Backoff {
  private attempt = 0;
  private connectedAt: number | null = null;

  constructor(
    private readonly policy: BackoffPolicy,
    private readonly random: () => number = Math.random,
    private readonly now: () => number = Date.now,
  ) {}

  connected(): void {
    this.connectedAt = this.now();
  }

  /** The delay before the next attempt; call after a failed attempt or a dropped connection. */
  next(): number {
    if (this.connectedAt !== null && this.now() - this.connectedAt >= this.policy.stableMs) this.attempt = 0;
    this.connectedAt = null;
    const ceiling = Math.min(this.policy.maxMs, this.policy.minMs * 2 ** this.attempt);
    this.attempt = Math.min(this.attempt + 1, 30);
    // Half fixed, half random: never zero, and many workers do not reconnect in lock-step.
    return Math.round(ceiling / 2 + (this.random() * ceiling) / 2);
  }
}
