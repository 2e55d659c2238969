// `pinmail digest --dry-run [--at YYYY-MM-DD] [--html]` prints the daily digest as it would be
// sent that day at 08:00 Toronto time; `pinmail digest --send` sends today's now, by SMTP, to
// DIGEST_EMAIL_TO (default: ALERT_EMAIL_TO).
import { parseArgs } from "node:util";
import { loadConfig, readEnv } from "../../config.js";
import { mailIdentityOf } from "../../config/mail-identity.js";
import { torontoWallTimeToInstant } from "../../core/toronto-date.js";
import { buildDigest, sendDigest } from "../../alerts/digest/send-digest.js";
import { createTransport, occasionalSmtpSettingsOf } from "../../outbox/transport.js";
import { createLogger } from "../../runtime/logger.js";
import { createDb } from "../../store/prisma.js";
import { UsageError } from "../usage-error.js";

export interface CliIo {
  env?: Record<string, string | undefined>;
  out?: (text: string) => void;
}

/** YYYY-MM-DD means that day at 08:00 in Toronto, when the digest is sent. */
export function parseDigestDay(v: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (!m) throw new UsageError(`--at ${v}: expected a date such as 2027-01-15`);
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) throw new UsageError(`--at ${v}: no such date`);
  return torontoWallTimeToInstant({ year, month, day }, 8);
}

export async function runDigest(args: string[], io: CliIo = {}): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      "dry-run": { type: "boolean", default: false },
      send: { type: "boolean", default: false },
      at: { type: "string" },
      html: { type: "boolean", default: false },
    },
    allowPositionals: true,
  });
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  if (values["dry-run"] === values.send) throw new UsageError("choose one of --dry-run or --send");
  if (values.send && values.at) throw new UsageError("--send sends today's digest now; --at goes with --dry-run");
  const env = io.env ?? readEnv();
  const out = io.out ?? ((t: string) => process.stdout.write(t.endsWith("\n") ? t : `${t}\n`));
  const at = values.at ? parseDigestDay(values.at) : new Date();

  const sending = values.send ? loadConfig(["database", "alerts", "mail", "mailAuth"], env) : null;
  const config = sending ?? loadConfig(["database", "alerts"], env);
  const settings = { locale: config.STAFF_LOCALE, dashboardUrl: config.WEB_PUBLIC_URL ?? null };
  const db = createDb(config.DATABASE_URL, { poolSize: 2 });
  try {
    const digest = await buildDigest(db, settings, at);
    if (!sending) {
      out(`Subject: ${digest.subject}\n\n${values.html ? digest.html : digest.text}`);
      return 0;
    }
    const to = config.DIGEST_EMAIL_TO.length ? config.DIGEST_EMAIL_TO : config.ALERT_EMAIL_TO;
    if (!to.length) throw new UsageError("nobody to send it to: set DIGEST_EMAIL_TO (or ALERT_EMAIL_TO)");
    const transport = createTransport(occasionalSmtpSettingsOf(sending));
    try {
      const me = mailIdentityOf(sending);
      await sendDigest(
        {
          db,
          transport,
          logger: createLogger("silent"),
          settings: { ...settings, to, from: me.from, envelopeFrom: me.envelopeFrom },
        },
        digest,
      );
    } finally {
      transport.close();
    }
    out(`sent "${digest.subject}" to ${to.join(", ")}`);
    return 0;
  } finally {
    await db.$disconnect();
  }
}
