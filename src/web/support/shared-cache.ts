// Figures every open dashboard asks for (overview counts, charts) computed at most once per
// `ttlMs` and shared by all viewers of this process (issue 20: on a million requests each overview
// call cost 0.4 s, and every open overview polls). Concurrent callers share one computation; a
// failed one is not kept, so the next caller tries again.
interface Entry<T> {
  at: number;
  value: Promise<T>;
}

export class SharedCache {
  private readonly entries = new Map<string, Entry<unknown>>();

  constructor(private readonly now: () => number = Date.now) {}

  get<T>(key: string, ttlMs: number, compute: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key) as Entry<T> | undefined;
    const t = this.now();
    if (hit && t - hit.at < ttlMs) return hit.value;
    const value = compute();
    this.entries.set(key, { at: t, value });
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    return value;
  }
}
