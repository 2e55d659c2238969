// The SMTP server replies go to: scripts/smtp-catcher.ts in this process, so the moment each
// reply was accepted is known on the same clock as the APPENDs. Replies are matched to requests
// by In-Reply-To; counting them per request is the proof that nothing was answered twice.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSmtpCatcher, type SmtpCatcher } from "../../scripts/smtp-catcher.js";

export interface ReplyCatcher {
  port: number;
  /** Accept time (performance.now()) of the first reply to each request Message-ID. */
  readonly firstReplyAt: Map<string, number>;
  /** Replies per request Message-ID (more than one is a duplicate). */
  readonly repliesPer: Map<string, number>;
  readonly total: number;
  /** Resolves when every id has a reply; rejects after timeoutMs with how many are missing. */
  waitFor(ids: readonly string[], timeoutMs: number): Promise<void>;
  /** Forget everything seen so far (between runs). */
  reset(): void;
  duplicates(): number;
  close(): Promise<void>;
}

const IN_REPLY_TO = /^In-Reply-To:[ \t]*(<[^>\r\n]+>)/im;

export async function startReplyCatcher(): Promise<ReplyCatcher> {
  const dir = mkdtempSync(join(tmpdir(), "pinmail-bench-smtp-"));
  const firstReplyAt = new Map<string, number>();
  const repliesPer = new Map<string, number>();
  let total = 0;
  const listeners = new Set<(id: string) => void>();
  const inner: SmtpCatcher = await startSmtpCatcher({
    port: 0,
    dir,
    lmtp: false,
    onMessage: (_record, raw) => {
      const at = performance.now();
      const head = raw.subarray(0, Math.max(0, raw.indexOf("\r\n\r\n")) || raw.length).toString("latin1");
      const id = IN_REPLY_TO.exec(head)?.[1] ?? "(none)";
      total++;
      repliesPer.set(id, (repliesPer.get(id) ?? 0) + 1);
      if (!firstReplyAt.has(id)) firstReplyAt.set(id, at);
      for (const l of [...listeners]) l(id);
    },
  });
  return {
    port: inner.port,
    firstReplyAt,
    repliesPer,
    get total() {
      return total;
    },
    waitFor(ids, timeoutMs) {
      const pending = new Set(ids.filter((id) => !firstReplyAt.has(id)));
      if (!pending.size) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const listener = (id: string) => {
          pending.delete(id);
          if (pending.size) return;
          clearTimeout(timer);
          listeners.delete(listener);
          resolve();
        };
        const timer = setTimeout(() => {
          listeners.delete(listener);
          reject(new Error(`${pending.size} of ${ids.length} requests got no reply within ${Math.round(timeoutMs / 1000)} s`));
        }, timeoutMs);
        listeners.add(listener);
      });
    },
    reset() {
      firstReplyAt.clear();
      repliesPer.clear();
      total = 0;
    },
    duplicates() {
      let d = 0;
      for (const n of repliesPer.values()) if (n > 1) d += n - 1;
      return d;
    },
    async close() {
      await inner.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
