// The baseline: the same libraries and servers as pinmail with no product logic, written the
// plain way (fetch → parse → one insert → one BullMQ job → render a string → pooled SMTP send →
// one update → move). pinmail's figures are read as a fraction of what this reaches in the same
// run. Run as a child process by bench/run.ts; settings come in as environment variables.
import { Queue, Worker } from "bullmq";
import { ImapFlow } from "imapflow";
import { Redis } from "ioredis";
import { simpleParser } from "mailparser";
import nodemailer from "nodemailer";
import pg from "pg";

const env = (name: string, dflt?: string): string => {
  const v = process.env[name] ?? dflt;
  if (v === undefined) throw new Error(`baseline: ${name} is not set`);
  return v;
};
const log = (msg: string, extra: Record<string, unknown> = {}) => process.stderr.write(`${JSON.stringify({ level: 30, msg, ...extra })}\n`);

const BATCH = 200;
const prefix = env("QUEUE_PREFIX");
const mailbox = env("IMAP_MAILBOX");
const processed = env("IMAP_PROCESSED_MAILBOX");
const concurrency = Number(env("WORKER_CONCURRENCY", "16"));

const pool = new pg.Pool({ connectionString: env("DATABASE_URL"), max: concurrency + 4 });
await pool.query(
  `CREATE TABLE IF NOT EXISTS baseline_requests (id serial PRIMARY KEY, message_id text UNIQUE NOT NULL, sender text NOT NULL,
   subject text NOT NULL, raw bytea NOT NULL, state text NOT NULL DEFAULT 'received', answered_at timestamptz)`,
);
const redis = new Redis(env("REDIS_URL"), { maxRetriesPerRequest: null });
const queue = new Queue("baseline", { connection: redis, prefix });
const smtp = new URL(env("SMTP_URL"));
const transport = nodemailer.createTransport({
  host: smtp.hostname,
  port: Number(smtp.port),
  secure: false,
  ignoreTLS: true,
  pool: true,
  maxConnections: Number(env("SMTP_POOL_SIZE", "5")),
  maxMessages: 1000,
});

const worker = new Worker(
  "baseline",
  async (job) => {
    const { id, to, subject, messageId } = job.data as { id: number; to: string; subject: string; messageId: string };
    const text = `Hello,\n\nWe received your request (reference ${id}).\nYour new PIN is on its way.\n\n-- the bot\n`;
    await transport.sendMail({ from: "bot@baseline.test", to, subject: `Re: ${subject}`, text, inReplyTo: messageId, references: messageId });
    await pool.query("UPDATE baseline_requests SET state = 'answered', answered_at = now() WHERE id = $1", [id]);
  },
  { connection: redis, prefix, concurrency },
);
worker.on("error", (err) => log("worker error", { level: 50, err: err.message }));

log("ready");

const imap = new ImapFlow({
  host: env("IMAP_HOST"),
  port: Number(env("IMAP_PORT")),
  secure: false,
  doSTARTTLS: false,
  auth: { user: env("IMAP_USER"), pass: env("IMAP_PASSWORD") },
  logger: false,
  autoIdleDelay: Number(env("IMAP_IDLE_DELAY_MS", "200")),
} as ConstructorParameters<typeof ImapFlow>[0]);
let lastUid = 0;
let sweeping: Promise<void> | null = null;
let again = false;

async function sweep(): Promise<void> {
  const uids: number[] = [];
  for await (const m of imap.fetch(`${lastUid + 1}:*`, { uid: true }, { uid: true })) if (m.uid > lastUid) uids.push(m.uid);
  uids.sort((a, b) => a - b);
  for (let i = 0; i < uids.length; i += BATCH) {
    const chunk = uids.slice(i, i + BATCH);
    const sources: Array<{ uid: number; raw: Buffer }> = [];
    for await (const m of imap.fetch(chunk.join(","), { uid: true, source: true }, { uid: true })) if (m.source) sources.push({ uid: m.uid, raw: m.source });
    const rows = await Promise.all(
      sources.map(async ({ raw }) => {
        const mail = await simpleParser(raw);
        const sender = mail.from?.value[0]?.address ?? "";
        const subject = mail.subject ?? "";
        const messageId = mail.messageId ?? "";
        const r = await pool.query<{ id: number }>(
          "INSERT INTO baseline_requests (message_id, sender, subject, raw) VALUES ($1, $2, $3, $4) ON CONFLICT (message_id) DO NOTHING RETURNING id",
          [messageId, sender, subject, raw],
        );
        return r.rows[0] ? { id: r.rows[0].id, to: sender, subject, messageId } : null;
      }),
    );
    const jobs = rows.filter((r) => r !== null);
    await queue.addBulk(jobs.map((data) => ({ name: "reply", data, opts: { jobId: `r-${data.id}`, removeOnComplete: true } })));
    await imap.messageMove(chunk.join(","), processed, { uid: true });
    lastUid = chunk[chunk.length - 1]!;
  }
}

function poke(): void {
  if (sweeping) {
    again = true;
    return;
  }
  sweeping = (async () => {
    do {
      again = false;
      await sweep().catch((err: Error) => log("sweep failed", { level: 50, err: err.message }));
    } while (again);
  })().finally(() => {
    sweeping = null;
  });
}

imap.on("exists", () => poke());
await imap.connect();
await imap.mailboxCreate(processed).catch(() => undefined);
await imap.mailboxOpen(mailbox);
log("mailbox connected");
poke();

const stop = async () => {
  await imap.logout().catch(() => undefined);
  await worker.close();
  await queue.close();
  transport.close();
  await redis.quit();
  await pool.end();
  process.exit(0);
};
process.once("SIGTERM", () => void stop());
process.once("SIGINT", () => void stop());
