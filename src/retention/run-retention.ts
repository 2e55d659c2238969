// The retention purge (issue 19): preview (the dry run, the Data page) and run (the daily job,
// `pinmail retention --run`). The run carries the plan out in small batches, each its own short
// transaction that re-reads and re-decides its rows under lock, so a request that changed since
// the plan (reopened, put on hold, a new mail from the person) is spared, and no lock is held for
// long. One audit event per run records the counts (no personal data).
import {
  countsOf,
  planMailbox,
  planRawMail,
  planRecords,
  planRetention,
  type RetentionCounts,
  type RetentionPlan,
  type RetentionSettings,
} from "../core/retention-plan.js";
import type { Db } from "../store/prisma.js";
import { describeImapError } from "../mailbox/imap-client.js";
import type { MailboxRetention } from "./mailbox-retention.js";
import { deleteHistory, deleteOldEnrollmentAttempts, loadPersonFacts, loadRawMailFacts, purgeRawMail, queryableOf } from "./retention-store.js";

export const RETENTION_EVENT = "retention-purge";
const RAW_BATCH = 200;
const PEOPLE_BATCH = 50;
/** A batch normally takes tens of milliseconds; the limit only guards against a stuck one. */
const TX = { maxWait: 10_000, timeout: 30_000 };

export interface RetentionDeps {
  db: Db;
  settings: RetentionSettings;
  /** null: the mailbox is not checked (no IMAP settings). */
  mailbox: MailboxRetention | null;
  /** Told how long each batch's transaction (and so its row locks) lasted (the benchmark reads it). */
  onBatch?: (kind: "rawMail" | "records", ms: number, rows: number) => void;
}

/** The plan; a mailbox that cannot be read leaves it out (`mailboxError`) rather than stopping the database's purge. */
export async function previewRetention(deps: RetentionDeps, at: Date): Promise<RetentionPlan & { mailboxError: string | null }> {
  const q = queryableOf(deps.db);
  const probe = planRetention(at, deps.settings, { rawMail: [], records: [], mailbox: null });
  let mailboxError: string | null = null;
  const [rawMail, records, mailbox] = await Promise.all([
    loadRawMailFacts(q, probe.cutoffs.rawMail),
    loadPersonFacts(q, probe.cutoffs.records),
    deps.mailbox
      ? deps.mailbox.facts(probe.cutoffs.mailbox).catch((err: unknown) => {
          mailboxError = describeImapError(err);
          return null;
        })
      : Promise.resolve(null),
  ]);
  return { ...planRetention(at, deps.settings, { rawMail, records, mailbox }), mailboxError };
}

/** The database was purged but the mailbox could not be: the job fails (and is retried), visibly. */
export class MailboxPurgeError extends Error {
  constructor(
    readonly run: RetentionRun,
    readonly reason: string,
  ) {
    super(`the mailbox could not be purged: ${reason} (the database purge is done: ${run.counts.rawMail} raw mail, ${run.counts.records} people)`);
    this.name = "MailboxPurgeError";
  }
}

export interface RetentionRun {
  plan: RetentionPlan;
  /** What was actually removed (a row that changed since the plan is spared). */
  counts: RetentionCounts;
  removedRequests: number[];
  removedPeople: string[];
}

function chunks<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

export async function runRetention(deps: RetentionDeps, at: Date, actor: string, now: Date = new Date()): Promise<RetentionRun> {
  const plan = await previewRetention(deps, at);
  const removedRequests: number[] = [];
  for (const batch of chunks(
    plan.rawMail.remove.map((r) => r.id),
    RAW_BATCH,
  )) {
    const started = performance.now();
    await deps.db.$transaction(async (tx) => {
      const q = queryableOf(tx);
      const again = planRawMail(await loadRawMailFacts(q, plan.cutoffs.rawMail, batch), plan.cutoffs.rawMail);
      const ids = again.remove.map((r) => r.id);
      await purgeRawMail(q, ids, now);
      removedRequests.push(...ids);
    }, TX);
    deps.onBatch?.("rawMail", performance.now() - started, batch.length);
  }
  const removedPeople: string[] = [];
  const removed = { requests: 0, replies: 0, pins: 0, reminders: 0, events: 0 };
  for (const batch of chunks(
    plan.records.remove.map((p) => p.key),
    PEOPLE_BATCH,
  )) {
    const started = performance.now();
    await deps.db.$transaction(async (tx) => {
      const q = queryableOf(tx);
      const again = planRecords(await loadPersonFacts(q, plan.cutoffs.records, batch), plan.cutoffs.records);
      const keys = again.remove.map((p) => p.key);
      const r = await deleteHistory(q, keys, plan.cutoffs.records);
      for (const k of Object.keys(removed) as Array<keyof typeof removed>) removed[k] += r[k];
      removedPeople.push(...keys);
    }, TX);
    deps.onBatch?.("records", performance.now() - started, batch.length);
  }
  const enrollmentAttempts = await deleteOldEnrollmentAttempts(queryableOf(deps.db), plan.cutoffs.records);
  // The mailbox is read again just before deleting: the database part can take minutes, and a
  // request reopened or put on hold meanwhile must keep its mail.
  let mailboxError: string | null = null;
  let mailbox: number | null = null;
  let mailboxHeld = 0;
  if (deps.mailbox) {
    const box = deps.mailbox;
    try {
      const fresh = planMailbox(await box.facts(plan.cutoffs.mailbox), plan.cutoffs.mailbox);
      mailboxHeld = fresh.held.length;
      mailbox = await box.remove(fresh.remove);
    } catch (err) {
      mailboxError = describeImapError(err);
    }
  }

  const counts: RetentionCounts = {
    ...countsOf(plan),
    rawMail: removedRequests.length,
    records: removedPeople.length,
    mailbox,
    held: plan.rawMail.held.length + plan.records.held.length + mailboxHeld,
  };
  await deps.db.auditEvent.create({
    data: {
      type: RETENTION_EVENT,
      actor,
      detail: { ...counts, rows: removed, enrollmentAttempts, settings: { ...deps.settings }, ...(mailboxError ? { mailboxError } : {}) },
    },
  });
  const run = { plan, counts, removedRequests, removedPeople };
  if (mailboxError) throw new MailboxPurgeError(run, mailboxError);
  return run;
}

/** The last run's counts and when it ran, for the Data page. */
export async function lastRetentionRun(db: Db): Promise<{ ranAt: Date; actor: string; counts: RetentionCounts; mailboxError: string | null } | null> {
  const e = await db.auditEvent.findFirst({ where: { type: RETENTION_EVENT, requestId: null }, orderBy: { id: "desc" } });
  if (!e) return null;
  const d = e.detail as unknown as RetentionCounts & { mailboxError?: string };
  return {
    ranAt: e.at,
    actor: e.actor,
    counts: { at: d.at, rawMail: d.rawMail, records: d.records, mailbox: d.mailbox ?? null, held: d.held },
    mailboxError: d.mailboxError ?? null,
  };
}
