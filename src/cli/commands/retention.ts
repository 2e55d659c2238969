// `pinmail retention --dry-run|--run [--at <date>] [--json]`: what the retention purge would remove
// (or removes now) and why, as if today were that date. One line per kind; --json prints
// {"at","rawMail","records","mailbox","held"}. The mailbox is checked when IMAP settings are present.
import { parseArgs } from "node:util";
import { loadConfig, readEnv } from "../../config.js";
import { countsOf, retentionLines, type RetentionCounts } from "../../core/retention-plan.js";
import { torontoWallTimeToInstant } from "../../core/toronto-date.js";
import { createTokenSource } from "../../mailauth/create-token-source.js";
import { retentionDeps } from "../../retention/retention-deps.js";
import { MailboxPurgeError, previewRetention, runRetention } from "../../retention/run-retention.js";
import { RETENTION_HOUR } from "../../queue/retention-schedule.js";
import { createDb } from "../../store/prisma.js";
import { UsageError } from "../usage-error.js";

export interface CliIo {
  env?: Record<string, string | undefined>;
  out?: (text: string) => void;
}

/** YYYY-MM-DD: that day at the hour the daily purge runs (America/Toronto). */
export function parseRetentionDate(v: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (!m) throw new UsageError(`--at ${v}: expected a date such as 2027-01-15`);
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) throw new UsageError(`--at ${v}: no such date`);
  return torontoWallTimeToInstant({ year, month, day }, RETENTION_HOUR.hour, RETENTION_HOUR.minute);
}

export async function runRetentionCommand(args: string[], io: CliIo = {}): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      "dry-run": { type: "boolean", default: false },
      run: { type: "boolean", default: false },
      at: { type: "string" },
      json: { type: "boolean", default: false },
    },
    allowPositionals: true,
  });
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  if (values["dry-run"] === values.run) throw new UsageError("choose one of --dry-run or --run");
  const at = values.at ? parseRetentionDate(values.at) : new Date();
  const env = io.env ?? readEnv();
  const out = io.out ?? ((t: string) => process.stdout.write(t.endsWith("\n") ? t : `${t}\n`));
  const config = loadConfig(["database", "retention"], env);
  // The mailbox is part of the purge only where pinmail has its settings (and signs in as the worker does).
  const imap = env["IMAP_HOST"] ? loadConfig(["imap", "mailAuth"], env) : null;
  const db = createDb(config.DATABASE_URL, { poolSize: 2 });
  try {
    const deps = retentionDeps(db, config, imap, undefined, imap ? createTokenSource(imap) : null);
    const mode = values.run ? "run" : "dry-run";
    let counts: RetentionCounts;
    let mailboxError: string | null = null;
    if (values.run) {
      try {
        counts = (await runRetention(deps, at, "pinmail retention --run")).counts;
      } catch (err) {
        if (!(err instanceof MailboxPurgeError)) throw err;
        counts = err.run.counts;
        mailboxError = err.reason;
      }
    } else {
      const plan = await previewRetention(deps, at);
      counts = countsOf(plan);
      mailboxError = plan.mailboxError;
    }
    out(
      values.json ? JSON.stringify(counts) : retentionLines(counts, deps.settings, mode, mailboxError ? "the mailbox could not be read" : undefined).join("\n"),
    );
    // The database part is done (or listed); the mailbox's failure still fails the command.
    if (mailboxError) {
      console.error(`pinmail retention: the mailbox could not be read: ${mailboxError}`);
      return 1;
    }
    return 0;
  } finally {
    await db.$disconnect();
  }
}
