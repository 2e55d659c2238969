// Earlier disposal at a person's request (issue 19; their consent, which the Privacy Act allows):
// their history goes now — requests, replies, PIN history, reminders, enrollment attempts, events,
// and their mail in the processed and attention folders where the mailbox is reachable — except
// what a legal hold keeps. The registered details stay (they are the portal's records).
// The erasure is audited without the personal data: counts and the staff member's reason only.
import { planErasureMailbox } from "../core/retention-plan.js";
import { personKey } from "../enroll/enroll.js";
import { describeImapError } from "../mailbox/imap-client.js";
import type { Db } from "../store/prisma.js";
import { sql } from "../store/sql.js";
import { MAX_REASON } from "./holds.js";
import type { MailboxRetention } from "./mailbox-retention.js";
import { personRows } from "./person-data.js";
import { deleteHistory, queryableOf, type HistoryRemoved } from "./retention-store.js";

export type EraseResult =
  | {
      kind: "ok";
      removed: HistoryRemoved & { enrollmentAttempts: number };
      keptUnderHold: number;
      /** Messages deleted from the processed and attention folders; null when the mailbox was not reached. */
      mailbox: number | null;
      mailboxError: string | null;
    }
  | { kind: "not-found" }
  | { kind: "held"; message: string }
  | { kind: "invalid"; message: string };

/** `mailbox`: also delete their mail from the processed and attention folders (where pinmail can reach them). */
export async function erasePerson(db: Db, actor: string, address: string, reason: string, mailbox: MailboxRetention | null = null): Promise<EraseResult> {
  if (!reason.trim()) return { kind: "invalid", message: "reason: required (e.g. the person's request and its date; no personal details)" };
  if (reason.length > MAX_REASON) return { kind: "invalid", message: `reason: at most ${MAX_REASON} characters` };
  const p = await personRows(db, address);
  if (!p) return { kind: "invalid", message: `"${address}" is not an address` };
  const history = p.requests.length + p.replies.length + p.pins.length + p.reminders.length + p.events.length + p.enrollmentAttempts.length;
  if (!history) return { kind: "not-found" };
  if (p.hold) return { kind: "held", message: `on legal hold since ${p.hold.placedAt.toISOString()} (${p.hold.reason}): nothing erased; lift the hold first` };
  const user = p.user;
  // The mailbox first: its failure is reported, and the database's erasure still happens.
  let mailboxCount: number | null = null;
  let mailboxError: string | null = null;
  if (mailbox) {
    try {
      mailboxCount = await mailbox.remove(planErasureMailbox(await mailbox.fromSender(p.email)).remove);
    } catch (err) {
      mailboxError = describeImapError(err);
    }
  }
  return db.$transaction(async (tx) => {
    const q = queryableOf(tx);
    const removed = await deleteHistory(q, [p.email]);
    const enrollmentAttempts = user
      ? (
          await q.query<{ n: number }>(
            sql`WITH d AS (DELETE FROM enrollment_attempts WHERE person_key = ${personKey(user.firstName, user.lastName)} RETURNING 1) SELECT count(*)::int AS n FROM d`,
          )
        )[0]!.n
      : 0;
    const keptUnderHold = p.requests.filter((r) => r.hold).length;
    // No address, no name, no user id: the event must not lead back to the person.
    await tx.auditEvent.create({
      data: {
        type: "person-erased",
        actor,
        detail: { reason: reason.trim(), ...removed, enrollmentAttempts, keptUnderHold, mailbox: mailboxCount, ...(mailboxError ? { mailboxError } : {}) },
      },
    });
    return { kind: "ok", removed: { ...removed, enrollmentAttempts }, keptUnderHold, mailbox: mailboxCount, mailboxError } as const;
  });
}
