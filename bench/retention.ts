// `npx tsx bench/retention.ts [--requests 50000] [--people 12000] [--mailbox 2000]` (services up:
// `npm run services up`; --mailbox also times the mailbox purge of that many old processed messages
// on the local Dovecot)
// How long the retention purge takes on a large history, and how long each batch's transaction
// (so its row locks) lasts. Each of `people` senders writes around an age of their own spread
// over the last 3 years (so about a third have been inactive for over two years); each request has a 2 KB raw source, one reply and two audit events. Prints one table; nothing is asserted.
import { parseArgs } from "node:util";
import { retentionLines, countsOf } from "../src/core/retention-plan.js";
import { previewRetention, runRetention } from "../src/retention/run-retention.js";
import { createDb } from "../src/store/prisma.js";
import { createImapClient } from "../src/mailbox/imap-client.js";
import { imapMailboxRetention } from "../src/retention/mailbox-retention.js";
import { serviceEnv } from "../test/harness/service-env.js";
import { createTestDb } from "../test/harness/test-db.js";

const { values } = parseArgs({
  options: { requests: { type: "string", default: "50000" }, people: { type: "string", default: "12000" }, mailbox: { type: "string", default: "0" } },
});
const M = Number(values.mailbox);
const N = Number(values.requests);
const P = Number(values.people);
const settings = { rawMailDays: 90, recordDays: 730, mailboxDays: 90 };

const testDb = await createTestDb();
const db = createDb(testDb.url, { poolSize: 4 });
const rows: Array<[string, string]> = [];
const time = async <T>(label: string, f: () => Promise<T>, detail: (r: T) => string = () => "") => {
  const t = performance.now();
  const r = await f();
  rows.push([label, `${Math.round(performance.now() - t)} ms${detail(r) ? `  (${detail(r)})` : ""}`]);
  return r;
};
const batches: Record<string, number[]> = { rawMail: [], records: [] };
const pct = (xs: number[], p: number) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]! : 0);

try {
  await time(
    "seed",
    async () => {
      await db.$executeRawUnsafe(`
      INSERT INTO inbound_requests (reference, message_key, mailbox, uid_validity, uid, sender, subject, kind, state, outcome, raw_source, raw_size, received_at, taken_at)
      SELECT 'RQ-B' || g, '<b' || g || '@bench.test>', 'INBOX', 1, g, 'p' || (g % ${P}) || '@bench.test', 'PIN reset', 'reset',
             CASE WHEN g % 97 = 0 THEN 'review' ELSE 'answered' END, 'pin-issued', convert_to(repeat('x', 2000), 'UTF8'), 2000,
             now() - (((g % ${P}) * 7919 % 1065 + g % 30) || ' days')::interval, now() - (((g % ${P}) * 7919 % 1065 + g % 30) || ' days')::interval
        FROM generate_series(1, ${N}) g`);
      await db.$executeRawUnsafe(`
      INSERT INTO outbound_messages (dedupe_key, request_id, purpose, template, locale, to_address, message_id, subject, headers, masked_text, masked_html, status)
      SELECT id || ':reply', id, 'reply', 'pin-issued', 'en', sender, '<r' || id || '@bench.test>', 'Your PIN', '{}', repeat('y', 800), repeat('z', 1600), 'sent' FROM inbound_requests`);
      await db.$executeRawUnsafe(`
      INSERT INTO audit_events (request_id, type, actor, at, detail)
      SELECT id, t, 'pinmail', received_at, '{}' FROM inbound_requests, unnest(ARRAY['received', 'reply-sent']) t`);
      await db.$executeRawUnsafe("ANALYZE");
    },
    () => `${N} requests from ${P} senders, ${N} replies, ${2 * N} events`,
  );

  const at = new Date();
  const plan = await time(
    "dry run (plan)",
    () => previewRetention({ db, settings, mailbox: null }, at),
    (p) =>
      retentionLines(countsOf(p), settings, "dry-run")
        .slice(0, 2)
        .map((l) => l.split(" (")[0])
        .join("; "),
  );
  const run = await time(
    "run (raw mail + records, batched)",
    () => runRetention({ db, settings, mailbox: null, onBatch: (kind, ms) => batches[kind]!.push(ms) }, at, "bench"),
    (r) => `${r.counts.rawMail} raw mail, ${r.counts.records} people`,
  );
  for (const kind of ["rawMail", "records"] as const) {
    const xs = batches[kind]!;
    rows.push([
      `  ${kind} batches (transaction = lock time)`,
      `${xs.length} batches; p50 ${Math.round(pct(xs, 50))} ms, p99 ${Math.round(pct(xs, 99))} ms, max ${Math.round(Math.max(0, ...xs))} ms`,
    ]);
  }
  await time(
    "second run (nothing left)",
    () => runRetention({ db, settings, mailbox: null }, at, "bench"),
    (r) => `${r.counts.rawMail} raw mail, ${r.counts.records} people`,
  );
  if (plan.rawMail.remove.length !== run.counts.rawMail || plan.records.remove.length !== run.counts.records)
    rows.push(["MISMATCH", "the run removed other than the dry run listed"]);
  if (M > 0) {
    const svc = serviceEnv();
    const account = { host: svc["IMAP_HOST"]!, port: Number(svc["IMAP_PORT"]), secure: false, user: svc["IMAP_USER"]!, password: svc["IMAP_PASSWORD"]! };
    const folder = `Bench/ret${Date.now()}`;
    const c = createImapClient(account);
    await c.connect();
    await c.mailboxCreate(folder);
    try {
      await time(
        "seed mailbox (APPEND)",
        async () => {
          for (let i = 0; i < M; i++) {
            const raw = `From: p${i % P}@bench.test\r\nMessage-ID: <m${i}@bench.test>\r\nSubject: PIN reset ${i}\r\n\r\n${"x".repeat(2000)}\r\n`;
            await c.append(folder, raw, ["\\Seen"], new Date(Date.now() - (100 + (i % 500)) * 86_400_000));
          }
        },
        () => `${M} messages of 2 KB, 100-600 days old`,
      );
      const mailbox = imapMailboxRetention(() => createImapClient(account), [folder], db);
      const deps = { db, settings, mailbox };
      await time(
        "mailbox dry run (SEARCH + FETCH envelopes + tie to requests)",
        () => previewRetention(deps, at),
        (p) => `${p.mailbox?.remove.length ?? 0} would go`,
      );
      await time(
        "mailbox purge (read again, flag + UID EXPUNGE)",
        () => runRetention(deps, at, "bench"),
        (r) => `${r.counts.mailbox} removed`,
      );
    } finally {
      await c.mailboxDelete(folder).catch(() => undefined);
      await c.logout();
    }
  }
} finally {
  await db.$disconnect();
  await testDb.drop();
}
const w = Math.max(...rows.map((r) => r[0].length));
console.log(`retention purge, ${N} requests (RAW_MAIL_RETENTION_DAYS=90, RECORD_RETENTION_DAYS=730)`);
for (const [k, v] of rows) console.log(`${k.padEnd(w)}  ${v}`);
