// One SMTP sending rate for every pinmail process (issue 17). SMTP_RATE_PER_MINUTE is the
// mailbox's limit (Microsoft 365: 30 messages a minute per mailbox), so the workers and the web
// process share one sliding window in Redis: a sorted set of send times under QUEUE_PREFIX,
// holding nothing but times and random slot ids (no addresses, no content, no secrets). A sender
// over the limit waits for the next free slot on a timer (no spinning), in arrival order within
// its process, for at most `maxWaitMs`. When Redis does not answer, the process keeps the same
// limit on its own (the per-process fallback) and says so once: a warning and `onMode("local")`
// (the pinmail_smtp_rate_local gauge).
import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import { liveSends, waitForSlot, type SendWindow } from "../core/send-window.js";
import type { Logger } from "../runtime/logger.js";

/** Every SMTP send of the service asks for a slot first (withSendRate, and deliver.ts for replies). */
export interface SendRate {
  acquire(): Promise<SendSlot>;
}

/**
 * A slot taken. Given back when nothing was sent after all (the reply had been sent by another
 * deliverer meanwhile), so a race between two deliverers does not cost the mailbox a message.
 */
export interface SendSlot {
  release(): Promise<void>;
}

/**
 * No slot within `maxWaitMs` (or the process is stopping): nothing is wrong with the message, so
 * a reply waits `retryAfterMs` and is tried again without using up an attempt (queue/workers.ts).
 */
export class SendRateWaitError extends Error {
  override name = "SendRateWaitError";
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(message);
  }
}

export interface SharedSendRateOptions {
  redis: Redis;
  /** The window's key, `${QUEUE_PREFIX}:smtp-rate`. */
  key: string;
  /** Messages per window for all processes together (SMTP_RATE_PER_MINUTE). */
  limit: number;
  logger: Logger;
  /** A minute; tests shorten it. */
  windowMs?: number;
  /** The longest a sender waits for a slot before giving up (transiently). */
  maxWaitMs?: number;
  /** Past this a Redis answer counts as no answer and the per-process limit applies. */
  redisTimeoutMs?: number;
  /** "local" while Redis is unreachable and the limit is kept per process; "shared" again after. */
  onMode?: (mode: "shared" | "local") => void;
  /** Told each wait for a slot, in ms (metrics). */
  onWait?: (ms: number) => void;
}

// KEYS[1] window; ARGV limit, window ms, slot id. Returns 0 with the slot taken, else the ms until
// one frees (src/core/send-window.ts's waitForSlot). Redis's clock, so every process agrees.
const TAKE_SLOT = `
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
if count < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window)
  return 0
end
local freeing = redis.call('ZRANGE', KEYS[1], count - limit, count - limit, 'WITHSCORES')
return math.max(1, tonumber(freeing[2]) + window - now)
`;

export class SharedSendRate implements SendRate {
  private readonly window: SendWindow;
  private readonly maxWaitMs: number;
  private readonly redisTimeoutMs: number;
  /** This process's own recent sends: the fallback counts them even if they were taken in Redis. */
  private sentHere: number[] = [];
  private mode: "shared" | "local" = "shared";
  private tail: Promise<unknown> = Promise.resolve();
  private readonly idPrefix = randomBytes(6).toString("hex");
  private seq = 0;
  private readonly stopping = new AbortController();

  constructor(private readonly o: SharedSendRateOptions) {
    this.window = { limit: o.limit, windowMs: o.windowMs ?? 60_000 };
    this.maxWaitMs = o.maxWaitMs ?? 5 * this.window.windowMs;
    this.redisTimeoutMs = o.redisTimeoutMs ?? 2000;
  }

  /** Resolves when this process may send one message; senders of one process go in arrival order. */
  acquire(): Promise<SendSlot> {
    const since = Date.now();
    const turn = this.tail.then(() => this.take(since));
    this.tail = turn.catch(() => undefined);
    return turn;
  }

  /** Waiters give up at once (shutdown): their jobs are retried, possibly by another worker. */
  stop(): void {
    this.stopping.abort();
  }

  get currentMode(): "shared" | "local" {
    return this.mode;
  }

  private async take(since: number): Promise<SendSlot> {
    for (;;) {
      if (this.stopping.signal.aborted) throw new SendRateWaitError("not sent: pinmail is stopping", 1000);
      const { waitMs, slot } = await this.tryTake();
      if (slot) return slot;
      const left = since + this.maxWaitMs - Date.now();
      if (left <= 0)
        throw new SendRateWaitError(
          `no sending slot within ${Math.round(this.maxWaitMs / 1000)} s (SMTP_RATE_PER_MINUTE=${this.window.limit}); retried later`,
          this.window.windowMs,
        );
      const ms = Math.min(waitMs, left);
      this.o.onWait?.(ms);
      await sleep(ms, this.stopping.signal);
    }
  }

  /** A slot, or the ms to wait for one. */
  private async tryTake(): Promise<{ waitMs: number; slot?: SendSlot }> {
    let waitMs: number;
    let shared = false;
    const id = `${this.idPrefix}-${++this.seq}`;
    try {
      await this.connected();
      waitMs = Number(
        await withTimeout(this.o.redis.eval(TAKE_SLOT, 1, this.o.key, String(this.window.limit), String(this.window.windowMs), id), this.redisTimeoutMs),
      );
      shared = true;
      this.setMode("shared");
    } catch (err) {
      this.setMode("local", err as Error);
      waitMs = waitForSlot(this.sentHere, Date.now(), this.window);
    }
    if (waitMs !== 0) return { waitMs };
    const now = Date.now();
    this.sentHere = liveSends(this.sentHere, now, this.window);
    this.sentHere.push(now);
    const release = async () => {
      const i = this.sentHere.indexOf(now);
      if (i >= 0) this.sentHere.splice(i, 1);
      // Best effort: a slot that cannot be given back ages out with its window.
      if (shared) await withTimeout(this.o.redis.zrem(this.o.key, id), this.redisTimeoutMs).catch(() => undefined);
    };
    return { waitMs, slot: { release } };
  }

  /**
   * A connection still being made (at start) is waited for, briefly: the fail-fast connection
   * refuses commands until then, which is no outage. Once local, commands fail fast again.
   */
  private connected(): Promise<void> {
    const r = this.o.redis;
    if (r.status === "ready" || this.mode === "local") return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        r.off("ready", done);
        resolve();
      };
      const timer = setTimeout(done, this.redisTimeoutMs);
      r.once("ready", done);
    });
  }

  private setMode(mode: "shared" | "local", err?: Error): void {
    if (mode === this.mode) return;
    this.mode = mode;
    if (mode === "local") {
      this.o.logger.warn(
        { err: err?.message, limit: this.window.limit },
        "Redis unreachable: the SMTP rate is kept per process until it answers again (several processes may exceed the mailbox's limit)",
      );
    } else {
      this.o.logger.info({ limit: this.window.limit }, "Redis answers again: the SMTP rate is shared by all processes");
    }
    this.o.onMode?.(mode);
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}
