// Reads the facts the alert conditions judge. Each fact is read on its own: one that cannot be
// read (PostgreSQL or Redis down) is null, and only the conditions that need it stay as they are.
import type { Db } from "../store/prisma.js";
import type { AlertFacts, ConditionSettings, Credential, MailboxFacts } from "./conditions.js";
import { silenceWindows } from "./silence-windows.js";

export interface FactSources {
  db: Db;
  /** The mailbox's state: this process's own reader, else what the reader publishes in Redis; null when unknown. */
  mailbox: () => Promise<MailboxFacts | null>;
  /** Whether the reader lease is held by any process; null when Redis cannot be asked. */
  readerLeaseHeld: () => Promise<boolean | null>;
  /** null: unknown (e.g. no reader publishes its state). */
  credentials: () => Promise<Credential[] | null>;
}

const orNull = <T>(p: Promise<T>): Promise<T | null> => p.catch(() => null);

/** Requests with no reply delivered that are not in review: received, processing, or answered with the reply still pending. */
export async function oldestWaiting(db: Db): Promise<{ count: number; oldest: Date | null }> {
  const rows = await db.$queryRaw<Array<{ count: bigint; oldest: Date | null }>>`
    SELECT count(*) AS count, min(r.received_at) AS oldest FROM inbound_requests r
    WHERE r.state IN ('received', 'processing')
       OR (r.state = 'answered' AND EXISTS (SELECT 1 FROM outbound_messages o WHERE o.request_id = r.id AND o.status = 'pending'))`;
  return { count: Number(rows[0]?.count ?? 0), oldest: rows[0]?.oldest ?? null };
}

async function failedSince(db: Db, since: Date): Promise<{ count: number; first: Date | null }> {
  const rows = await db.$queryRaw<Array<{ count: bigint; first: Date | null }>>`
    SELECT count(*) AS count, min(updated_at) AS first FROM outbound_messages
    WHERE status IN ('failed', 'undeliverable') AND updated_at >= ${since}`;
  return { count: Number(rows[0]?.count ?? 0), first: rows[0]?.first ?? null };
}

export async function overdueReviews(db: Db, now: Date): Promise<{ count: number; oldestDue: Date | null }> {
  const rows = await db.$queryRaw<Array<{ count: bigint; oldest: Date | null }>>`
    SELECT count(*) AS count, min(due_at) AS oldest FROM inbound_requests WHERE state = 'review' AND due_at < ${now}`;
  return { count: Number(rows[0]?.count ?? 0), oldestDue: rows[0]?.oldest ?? null };
}

async function silence(db: Db, now: Date, windowMs: number): Promise<AlertFacts["silence"]> {
  const w = silenceWindows(now, windowMs);
  if (!w) return "n/a";
  const count = async (start: Date, end: Date) =>
    Number(
      (await db.$queryRaw<Array<{ n: bigint }>>`SELECT count(*) AS n FROM inbound_requests WHERE received_at >= ${start} AND received_at < ${end}`)[0]?.n ?? 0,
    );
  const [current, ...previous] = await Promise.all([
    count(w.current.start, new Date(w.current.end.getTime() + 1)),
    ...w.previous.map((p) => count(p.start, p.end)),
  ]);
  return { current: current!, previous, windowStart: w.current.start };
}

export async function readFacts(src: FactSources, s: ConditionSettings, now: Date): Promise<AlertFacts> {
  const [mailbox, readerLeaseHeld, waiting, failedLastHour, overdue, silent, credentials] = await Promise.all([
    orNull(src.mailbox()),
    orNull(src.readerLeaseHeld()),
    orNull(oldestWaiting(src.db)),
    orNull(failedSince(src.db, new Date(now.getTime() - 3_600_000))),
    orNull(overdueReviews(src.db, now)),
    orNull(silence(src.db, now, s.silenceWindowMs)),
    src.credentials().catch(() => null),
  ]);
  return { mailbox, readerLeaseHeld, waiting, failedLastHour, overdueReviews: overdue, credentials, silence: silent };
}
