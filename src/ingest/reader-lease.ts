// Exactly one mailbox reader at a time across worker processes: a Redis lease (SET NX PX),
// renewed well before it expires. A reader that dies stops renewing and another takes over
// within one lease period.
import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";

const RENEW = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;

export class ReaderLease {
  readonly owner = randomUUID();
  private held = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    private readonly ttlMs: number,
    private readonly onChange: (held: boolean) => void,
  ) {}

  isHeld(): boolean {
    return this.held;
  }

  start(): void {
    const tick = async () => {
      try {
        const ok = this.held
          ? (await this.redis.eval(RENEW, 1, this.key, this.owner, String(this.ttlMs))) === 1
          : (await this.redis.set(this.key, this.owner, "PX", this.ttlMs, "NX")) === "OK";
        this.set(ok);
      } catch {
        // Redis unreachable: we cannot prove we still hold it, so stop reading until we can.
        this.set(false);
      }
      if (this.timer) this.timer = setTimeout(tick, Math.floor(this.ttlMs / 3));
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.held) await this.redis.eval(RELEASE, 1, this.key, this.owner).catch(() => undefined);
    this.set(false);
  }

  private set(held: boolean): void {
    if (held === this.held) return;
    this.held = held;
    this.onChange(held);
  }
}
