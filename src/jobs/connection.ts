// Redis connections for BullMQ. Workers block on Redis, so their connection retries forever
// (maxRetriesPerRequest: null); producers fail fast so a request handler never hangs.
import { Redis, type RedisOptions } from "ioredis";

export function redisOptions(url: string, role: "worker" | "producer"): RedisOptions {
  return {
    maxRetriesPerRequest: role === "worker" ? null : 1,
    enableOfflineQueue: role === "worker",
    // Reconnect quickly at first, then every 2 s at most.
    retryStrategy: (times) => Math.min(100 * 2 ** Math.min(times, 5), 2000),
    lazyConnect: false,
  };
}

export function createRedis(url: string, role: "worker" | "producer"): Redis {
  return new Redis(url, redisOptions(url, role));
}

export class RedisMisconfiguredError extends Error {
  override name = "RedisMisconfiguredError";
}

/** BullMQ loses jobs silently when Redis evicts keys: refuse to start unless noeviction. */
export async function assertNoEviction(redis: Redis): Promise<void> {
  let policy: string | undefined;
  try {
    const r = (await redis.config("GET", "maxmemory-policy")) as string[];
    policy = r[1];
  } catch {
    return; // CONFIG disabled (managed Redis): cannot check, trust the operator.
  }
  if (policy && policy !== "noeviction") {
    throw new RedisMisconfiguredError(
      `Redis maxmemory-policy is "${policy}"; pinmail needs "noeviction" or queued jobs can vanish. ` +
        "Set `maxmemory-policy noeviction` in redis.conf (or CONFIG SET maxmemory-policy noeviction) and start again.",
    );
  }
}
