// What the retention purge removes on a given day, and why (issue 19). Pure: the facts come from
// PostgreSQL and the mailbox (src/retention/*), the decisions are made here, so the dry run, the
// run and the Data page's preview all decide the same way. Every clock counts from the message's
// arrival in the mailbox (or, for a person, their last activity), and "older than N days" means
// strictly more than N × 24 h before `at`.

export const DAY_MS = 86_400_000;

/** A request in one of these states is still being handled: nothing of it is removed. */
export const OPEN_STATES: readonly string[] = ["received", "processing", "review"];

export interface RetentionSettings {
  rawMailDays: number;
  recordDays: number;
  mailboxDays: number;
}

export interface Cutoffs {
  rawMail: Date;
  records: Date;
  mailbox: Date;
}

export function cutoffsAt(at: Date, s: RetentionSettings): Cutoffs {
  const back = (days: number) => new Date(at.getTime() - days * DAY_MS);
  return { rawMail: back(s.rawMailDays), records: back(s.recordDays), mailbox: back(s.mailboxDays) };
}

/** A request whose raw source (and reply bodies) may be due for removal. */
export interface RawMailFact {
  id: number;
  reference: string;
  state: string;
  arrivedAt: Date;
  /** The request itself, or its person, is on hold. */
  held: boolean;
}

/** A person (lower-cased address, on record or not) whose history may be due for removal. */
export interface PersonFact {
  key: string;
  lastActivityAt: Date;
  /** Some request of theirs is still open. */
  open: boolean;
  /** The person, or one of their requests, is on hold. */
  held: boolean;
}

/** A message in the processed or attention folder. */
export interface MailboxFact {
  folder: string;
  uid: number;
  arrivedAt: Date;
  /** The state of the request it belongs to; null when it belongs to none. */
  requestState: string | null;
  held: boolean;
}

export interface Decided<T> {
  remove: T[];
  held: T[];
}

export interface RetentionPlan {
  at: Date;
  settings: RetentionSettings;
  cutoffs: Cutoffs;
  rawMail: Decided<RawMailFact>;
  records: Decided<PersonFact>;
  mailbox: Decided<MailboxFact> | null;
}

function decide<T extends { held: boolean }>(facts: readonly T[], due: (f: T) => boolean, open: (f: T) => boolean): Decided<T> {
  const out: Decided<T> = { remove: [], held: [] };
  for (const f of facts) {
    if (!due(f) || open(f)) continue;
    (f.held ? out.held : out.remove).push(f);
  }
  return out;
}

export function planRawMail(facts: readonly RawMailFact[], cutoff: Date): Decided<RawMailFact> {
  return decide(
    facts,
    (f) => f.arrivedAt < cutoff,
    (f) => OPEN_STATES.includes(f.state),
  );
}

export function planRecords(facts: readonly PersonFact[], cutoff: Date): Decided<PersonFact> {
  return decide(
    facts,
    (f) => f.lastActivityAt < cutoff,
    (f) => f.open,
  );
}

export function planMailbox(facts: readonly MailboxFact[], cutoff: Date): Decided<MailboxFact> {
  return decide(
    facts,
    (f) => f.arrivedAt < cutoff,
    (f) => f.requestState !== null && OPEN_STATES.includes(f.requestState),
  );
}

/** An erasure takes all of the person's mail from the folders, whatever its age, but what a hold keeps. */
export function planErasureMailbox(facts: readonly MailboxFact[]): Decided<MailboxFact> {
  return decide(
    facts,
    () => true,
    () => false,
  );
}

export function planRetention(
  at: Date,
  settings: RetentionSettings,
  facts: { rawMail: readonly RawMailFact[]; records: readonly PersonFact[]; mailbox: readonly MailboxFact[] | null },
): RetentionPlan {
  const cutoffs = cutoffsAt(at, settings);
  return {
    at,
    settings,
    cutoffs,
    rawMail: planRawMail(facts.rawMail, cutoffs.rawMail),
    records: planRecords(facts.records, cutoffs.records),
    mailbox: facts.mailbox ? planMailbox(facts.mailbox, cutoffs.mailbox) : null,
  };
}

/** The counts `pinmail retention --json`, the audit event and the Data page show. */
export interface RetentionCounts {
  at: string;
  rawMail: number;
  records: number;
  /** null when the mailbox was not checked (no IMAP settings). */
  mailbox: number | null;
  held: number;
}

export function countsOf(p: Pick<RetentionPlan, "at" | "rawMail" | "records" | "mailbox">): RetentionCounts {
  return {
    at: p.at.toISOString(),
    rawMail: p.rawMail.remove.length,
    records: p.records.remove.length,
    mailbox: p.mailbox ? p.mailbox.remove.length : null,
    held: p.rawMail.held.length + p.records.held.length + (p.mailbox?.held.length ?? 0),
  };
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** One line per kind, in words: what goes (or went) and why. */
export function retentionLines(c: RetentionCounts, s: RetentionSettings, mode: "dry-run" | "run", mailboxNote = "no IMAP settings"): string[] {
  const verb = mode === "dry-run" ? "would be removed" : "removed";
  return [
    `raw mail: ${plural(c.rawMail, "request", "requests")} ${verb} (source, parsed text and reply bodies of closed requests that arrived more than ${s.rawMailDays} days ago)`,
    `records: ${plural(c.records, "person's history", "people's history")} ${verb} (no activity for more than ${s.recordDays} days)`,
    c.mailbox === null
      ? `mailbox: not checked (${mailboxNote})`
      : `mailbox: ${plural(c.mailbox, "message", "messages")} ${verb} (processed and attention folders, arrived more than ${s.mailboxDays} days ago)`,
    `held: ${plural(c.held, "item", "items")} kept under a legal hold`,
  ];
}
