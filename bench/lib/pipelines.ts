// Starting the pipelines under test: pinmail (`pinmail worker`, one process per worker) or the
// baseline, each pointed at a run's own database, folder, queue prefix and the bench's catcher.
import { strongSecret } from "../../test/harness/secrets.js";
import { startChild, type Child } from "./child.js";
import type { ImapAccount } from "./mailbox.js";

export type PipelineKind = "pinmail" | "baseline";

export interface RunPlace {
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
  account: ImapAccount;
  folder: string;
  smtpPort: number;
}

export interface PipelineOptions {
  cpuProfDir?: string;
  countRoundTrips?: boolean;
  /** Extra environment for pinmail (settings being tried). */
  env?: Record<string, string>;
  /** Run pinmail from another checkout (an older commit, for before/after figures). */
  pinmailDir?: string;
  /**
   * Run the compiled dist/ (`npm run build` first) as an operator does: `node bin/pinmail.js worker`
   * with NODE_ENV=production (which makes bin/ pick dist/), plain node, no NODE_OPTIONS of the
   * bench's own. PINMAIL_ENV stays development: the bench's requests carry no sender authentication.
   */
  compiled?: boolean;
}

/** Log messages both pipelines write: process up, and mailbox open (the reader is working). */
export const STARTED = { pinmail: "pinmail started", baseline: "ready" } as const;
export const CONNECTED = "mailbox connected";

const BENCH_SECRET = strongSecret();

export function pinmailEnv(p: RunPlace, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: p.databaseUrl,
    REDIS_URL: p.redisUrl,
    QUEUE_PREFIX: p.queuePrefix,
    IMAP_HOST: p.account.host,
    IMAP_PORT: String(p.account.port),
    IMAP_SECURE: "false",
    IMAP_USER: p.account.user,
    IMAP_PASSWORD: p.account.password,
    IMAP_MAILBOX: p.folder,
    IMAP_PROCESSED_MAILBOX: `${p.folder}/Processed`,
    IMAP_ATTENTION_MAILBOX: `${p.folder}/Attention`,
    SMTP_URL: `smtp://127.0.0.1:${p.smtpPort}`,
    MAIL_FROM: "PIN Reset <pinmail@pinmail.bench.test>",
    // Config refuses placeholder and low-entropy secrets (issue 13.6).
    PIN_SECRET: BENCH_SECRET,
    LOG_LEVEL: "info",
    ...extra,
  };
}

export function startPipeline(kind: PipelineKind, p: RunPlace, name: string, o: PipelineOptions = {}): Child {
  const env = pinmailEnv(p, o.env);
  const preload = o.countRoundTrips ? ["./bench/lib/count-round-trips.ts"] : [];
  if (kind === "pinmail") {
    const preloadAbs = preload.map((pl) => new URL(`../../${pl.slice(2)}`, import.meta.url).pathname);
    const entry = o.compiled ? "bin/pinmail.js" : "src/cli/main.ts";
    return startChild({
      name,
      args: [entry, "worker"],
      env: o.compiled ? { NODE_ENV: "production", PINMAIL_ENV: "development", ...env } : env,
      cpuProfDir: o.cpuProfDir,
      preload: o.pinmailDir ? preloadAbs : preload,
      cwd: o.pinmailDir,
      tsx: !o.compiled,
    });
  }
  return startChild({ name, args: ["bench/baseline/pipeline.ts"], env, cpuProfDir: o.cpuProfDir, preload });
}
