// `pinmail reminders --dry-run [--at <date>]` lists what the daily check would send on that
// date; `pinmail reminders --send` runs the check now (a running worker delivers the mail).
import { parseArgs } from "node:util";
import { loadConfig, readEnv } from "../../config.js";
import { mailIdentityOf } from "../../config/mail-identity.js";
import { torontoWallTimeToInstant } from "../../core/toronto-date.js";
import { createRedis } from "../../jobs/connection.js";
import { createProducers, queueTimingsOf } from "../../jobs/producers.js";
import { formatReminderList, type ListedReminder } from "../../reminders/format-reminder-list.js";
import { ReminderRunError, findDueReminders, renderReminder, sendDueReminders } from "../../reminders/send-reminders.js";
import { loadDefaultTemplates } from "../../reply/load-default-templates.js";
import { createRenderer } from "../../reply/render.js";
import { createDb } from "../../store/prisma.js";
import { prismaQueryable } from "../../store/sql.js";
import { UsageError } from "../usage-error.js";

export interface CliIo {
  env?: Record<string, string | undefined>;
  out?: (text: string) => void;
}

/** YYYY-MM-DD means that day at 09:00 in Toronto, when the daily check runs by default. */
export function parseAt(v: string): Date {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (day) {
    const [year, month, d] = [Number(day[1]), Number(day[2]), Number(day[3])];
    const check = new Date(Date.UTC(year, month - 1, d));
    if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== d) throw new UsageError(`--at ${v}: no such date`);
    return torontoWallTimeToInstant({ year, month, day: d }, 9);
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(v)) return new Date(v);
  throw new UsageError(`--at ${v}: expected a date (2027-01-15) or a time with a zone (2027-01-15T09:00:00-05:00)`);
}

export async function runReminders(args: string[], io: CliIo = {}): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { "dry-run": { type: "boolean", default: false }, send: { type: "boolean", default: false }, at: { type: "string" } },
    allowPositionals: true,
  });
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  if (values["dry-run"] === values.send) throw new UsageError("choose one of --dry-run or --send");
  if (values.send && values.at) throw new UsageError("--send always runs for now; --at goes with --dry-run");
  const env = io.env ?? readEnv();
  const out = io.out ?? ((t: string) => process.stdout.write(t.endsWith("\n") ? t : `${t}\n`));
  const at = values.at ? parseAt(values.at) : new Date();

  if (values["dry-run"]) {
    const config = loadConfig(["database"], env);
    const db = createDb(config.DATABASE_URL, { poolSize: 2 });
    try {
      const defaults = loadDefaultTemplates();
      const renderer = createRenderer(defaults.partials);
      const items: ListedReminder[] = [];
      for (const due of await findDueReminders(db, at)) {
        // Only the subject is shown, and it uses neither the portal URL nor the support address.
        const rendered = await renderReminder(prismaQueryable(db), { renderer, defaults }, due, { portalUrl: null, supportAddress: null });
        items.push({ due, subject: rendered.subject });
      }
      out(formatReminderList(items, at, "dry-run"));
      return 0;
    } finally {
      await db.$disconnect();
    }
  }

  const config = loadConfig(["database", "redis", "mail"], env);
  const me = mailIdentityOf(config);
  const db = createDb(config.DATABASE_URL, { poolSize: 2 });
  const redis = createRedis(config.REDIS_URL, "producer");
  const producers = createProducers(redis, config.QUEUE_PREFIX, queueTimingsOf(config));
  try {
    const defaults = loadDefaultTemplates();
    const run = await sendDueReminders(
      {
        db,
        renderer: createRenderer(defaults.partials),
        defaults,
        // Reminders never carry a PIN, so nothing is sealed with the PIN secret.
        settings: {
          ownDomain: me.ownDomain,
          portalUrl: me.portalUrl,
          supportAddress: me.supportAddress,
          pinSecret: "",
        },
      },
      at,
    );
    if (run.queued.length) await producers.sendMail(run.queued.map((q) => q.outboxId));
    out(formatReminderList(run.queued, at, "sent"));
    if (run.failed.length) {
      console.error(new ReminderRunError(run).message);
      return 1;
    }
    return 0;
  } finally {
    await producers.close();
    await redis.quit().catch(() => undefined);
    await db.$disconnect();
  }
}
