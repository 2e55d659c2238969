// Readiness: each part the process depends on reports whether it is up. /readyz lists the
// failing ones by name ("postgres", "redis", "imap").
import type { Redis } from "ioredis";
import type { Db } from "../store/prisma.js";

export interface ComponentStatus {
  readonly name: string;
  isUp(): boolean;
}

export class Health {
  private readonly parts: ComponentStatus[] = [];

  add(part: ComponentStatus): void {
    this.parts.push(part);
  }

  failing(): string[] {
    return this.parts.filter((p) => !p.isUp()).map((p) => p.name);
  }
}

/** Probes a dependency every `everyMs` and remembers the answer, so /readyz answers instantly. */
export class Probe implements ComponentStatus {
  private up = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    readonly name: string,
    private readonly check: () => Promise<unknown>,
    private readonly everyMs = 1000,
    private readonly timeoutMs = 1500,
  ) {}

  start(): this {
    const tick = async () => {
      try {
        await Promise.race([this.check(), new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), this.timeoutMs).unref())]);
        this.up = true;
      } catch {
        this.up = false;
      }
      if (this.timer !== null) this.timer = setTimeout(tick, this.everyMs).unref();
    };
    this.timer = setTimeout(tick, 0).unref();
    return this;
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  isUp(): boolean {
    return this.up;
  }
}

export const postgresProbe = (db: Db) => new Probe("postgres", () => db.$queryRaw`SELECT 1`);
export const redisProbe = (redis: Redis) => new Probe("redis", () => redis.ping());
