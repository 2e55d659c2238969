// The sending rate's arithmetic: at most `limit` messages in any `windowMs` (a sliding window, as
// providers count "N messages per minute per mailbox"; a fixed window would let 2N through around
// each boundary). Times are milliseconds. The shared limiter's Lua script
// (src/outbox/send-rate.ts) does the same thing inside Redis; the per-process fallback calls this.

export interface SendWindow {
  /** Messages allowed in any window. */
  limit: number;
  windowMs: number;
}

/** The send times that still count at `now` (a send at s counts while now < s + windowMs), oldest first. */
export function liveSends(sentAt: readonly number[], now: number, w: SendWindow): number[] {
  return sentAt.filter((s) => s > now - w.windowMs).sort((a, b) => a - b);
}

/**
 * 0 when a message may go now; otherwise how long until the next slot frees: the moment enough
 * of the counted sends have aged out that one more fits (with `limit` lowered below what is
 * counted, that is more than the oldest one).
 */
export function waitForSlot(sentAt: readonly number[], now: number, w: SendWindow): number {
  const live = liveSends(sentAt, now, w);
  if (live.length < w.limit) return 0;
  const freeing = live[live.length - w.limit] as number;
  return Math.max(1, freeing + w.windowMs - now);
}
