// The use case behind the `verify-request` job: gather the facts, decide, and write the decision,
// the PIN (hash only) and the reply (outbox) in ONE transaction. A retried job finds the request
// already decided and only re-announces its pending mail, so a request never gets two PINs.
import { reviewDueAt } from "../core/review-due.js";
import { toSingleAddress } from "../core/mail-address.js";
import type { ParsedName } from "../core/match-name.js";
import type { DefaultTemplates } from "../reply/load-default-templates.js";
import type { Renderer } from "../reply/render.js";
import { replyLocale } from "../reply/reply-locale.js";
import type { Locale } from "../reply/template-catalog.js";
import { personOnRecord, replyContact, type ReplyFacts } from "../reply/template-values.js";
import type { Db } from "../store/prisma.js";
import { AuditTrail } from "../store/audit.js";
import type { ReviewReason } from "../store/request-life.js";
import { inTransaction, prismaQueryable, sql, type Pool, type Queryable } from "../store/sql.js";
import { writePin } from "./issue-pin.js";
import { activeTemplate } from "../reply/active-template.js";
import { storedTemplateSources } from "../store/template-versions.js";
import { lockRequest, senderFacts } from "./load-request.js";
import { finishVerification } from "./finish-verification.js";
import { joinCase } from "./join-case.js";
import { composeReply, replyQueuedDetail, type PreparedReply } from "../outbox/queue-reply.js";
import { decide, type EarlierRequest, type Outcome, type RequestState } from "./decide.js";

export interface VerifySettings {
  pinSecret: string;
  pinLength: number;
  pinTtlDays: number;
  pinsPerDay: number;
  unknownPerHour: number;
  ownDomain: string;
  portalUrl: string;
  supportAddress: string;
}

export interface VerifyDeps {
  db: Db;
  /**
   * A plain `pg` pool for the verification's transaction (the worker's hot path). Without one
   * the same statements run in a Prisma interactive transaction.
   */
  pool?: Pool;
  renderer: Renderer;
  defaults: DefaultTemplates;
  settings: VerifySettings;
  now?: () => Date;
}

const DAY = 86_400_000;

function parsedNameOf(r: { parsedFirstName: string | null; parsedLastName: string | null; parsedFullName: string | null }): ParsedName | null {
  if (r.parsedFirstName && r.parsedLastName) return { firstName: r.parsedFirstName, lastName: r.parsedLastName };
  if (r.parsedFullName) return { fullName: r.parsedFullName };
  return null;
}

/**
 * Returns the outbox ids whose delivery must be (re)announced. `dedupeKey` names the reply's
 * outbox row when staff re-run a request that already got one (the pipeline's first run uses
 * `<id>:reply`).
 */
export async function verifyRequest(deps: VerifyDeps, requestId: number, opts: { dedupeKey?: string } = {}): Promise<number[]> {
  const now = (deps.now ?? (() => new Date()))();
  const run = (tx: Queryable) => decideAndWrite(deps, tx, requestId, now, opts);
  if (deps.pool) return inTransaction(deps.pool, run);
  return deps.db.$transaction((tx) => run(prismaQueryable(tx)), { timeout: 30_000, maxWait: 30_000 });
}

async function decideAndWrite(deps: VerifyDeps, tx: Queryable, requestId: number, now: Date, opts: { dedupeKey?: string }): Promise<number[]> {
  // The row lock serialises retries and duplicate jobs of the same request.
  const req = await lockRequest(tx, requestId);
  if (!req) throw new Error(`request ${requestId} does not exist`);
  if (req.state !== "received") {
    const pending = await tx.query<{ id: number }>(sql`SELECT id FROM outbound_messages WHERE request_id = ${requestId} AND status = 'pending' ORDER BY id`);
    return pending.map((p) => p.id);
  }
  // lockRequest also took the per-address lock (lower(sender) in SQL).
  const single = toSingleAddress(req.sender);
  if (!single) return ignoreUnanswerable(tx, req.id, now);
  const sender = single.toLowerCase();
  const since = new Date(now.getTime() - DAY);
  const facts = await senderFacts(tx, sender, since);
  const user = facts.user;
  const known = user && user.active && user.organization.active ? user : null;
  if (!known) await tx.query(sql`SELECT pg_advisory_xact_lock(hashtext('pinmail:not-recognised'))::text`);
  const [notRecognisedRepliesLastHour, earlier] = await Promise.all([
    known ? 0 : notRecognisedSince(tx, new Date(now.getTime() - 3_600_000)),
    req.kind === "follow-up" ? findEarlier(tx, req.id, sender, now) : null,
  ]);
  const { pinsLast24h: userPinsLast24h, repliesToAddressLast24h, rateLimitedReplyLast24h } = facts;
  const pinsLast24h = known ? userPinsLast24h : 0;
  const audit = new AuditTrail();
  const name = parsedNameOf(req);
  const decision = decide({
    kind: req.kind === "follow-up" ? "follow-up" : "reset",
    reviewReason: req.reviewReason,
    reviewAcknowledged: req.reviewAcknowledged,
    senderAuth: senderAuthOf(req),
    user: known
      ? {
          role: known.role as "primary" | "secondary" | "branch",
          firstName: known.firstName,
          lastName: known.lastName,
          activeSince: known.lastSignInAt ?? known.createdAt,
          primaryActiveSince: known.primaryActiveSince,
        }
      : null,
    name,
    earlier,
    pinsLast24h,
    repliesToAddressLast24h,
    rateLimitedReplyLast24h,
    notRecognisedRepliesLastHour,
    limits: {
      pinsPerDay: deps.settings.pinsPerDay,
      unknownPerAddressPerDay: 3,
      unknownPerHour: deps.settings.unknownPerHour,
      repliesPerAddressPerDay: Math.max(10, deps.settings.pinsPerDay + 1),
    },
    now,
  });

  audit.add(req.id, "verified", "pinmail", {
    outcome: decision.outcome,
    state: decision.state,
    why: decision.why,
    matchedUser: known ? known.email : null,
  });

  const locale: Locale = replyLocale(known?.locale, req.language);
  let pin: string | null = null;
  let pinExpiresAt: Date | null = null;
  if (decision.state === "processing" && decision.issuePin && known) {
    const issued = await writePin(tx, deps.settings, { userId: known.id, requestId: req.id, reference: req.reference, now, linked: req.hasPin });
    ({ pin, expiresAt: pinExpiresAt } = issued);
    audit.add(req.id, "pin-issued", "pinmail", issued.detail, known.id);
  }

  // Due dates count from when pinmail took the mail, not from when it arrived (issue 15.2).
  const dueAt = decision.state === "review" ? reviewDueAt(req.takenAt, now) : null;
  let reply: PreparedReply | null = null;
  if (decision.template) {
    const facts: ReplyFacts = {
      locale,
      reference: req.reference,
      contact: replyContact(deps.settings),
      person: known ? personOnRecord(known) : null,
      nameAsWritten: name,
      pin,
      pinExpiresAt,
      expectedAnswerBy: expectedAnswer(earlier, req.takenAt, now) ?? dueAt,
      earlierRequest: earlier,
      earlierPinReply: decision.template === "rate-limited" ? await latestPinReply(tx, sender) : null,
    };
    const source = await activeTemplate(storedTemplateSources(tx), deps.defaults, decision.template, locale);
    reply = await composeReply(source, deps, {
      request: req,
      userId: known?.id ?? null,
      template: decision.template,
      locale,
      // A PIN goes only to the registered address; every reply goes to the sender's own
      // address (never Reply-To), which for a matched user is that same address.
      to: known ? known.email : sender,
      facts,
      purpose: "reply",
      dedupeKey: opts.dedupeKey ?? `${req.id}:reply`,
      ownDomain: deps.settings.ownDomain,
      pinSecret: deps.settings.pinSecret,
    });
    audit.add(req.id, "reply-queued", "pinmail", replyQueuedDetail(reply));
  }

  // A follow-up that waits in review while its earlier request is in review is part of that
  // case, whatever sent it there (issue 15.3); the review list counts it with the case.
  const joinsCase = decision.state === "review" && earlier?.state === "review";
  if (joinsCase) await joinCase(tx, audit, earlier.id, req, now);
  const outboxId = await finishVerification(
    tx,
    {
      id: req.id,
      state: decision.state,
      outcome: decision.outcome,
      userId: known?.id ?? null,
      decidedAt: now,
      // A follow-up that joined a case has no due date of its own: the case's counts.
      dueAt: decision.state === "review" && !joinsCase ? dueAt : null,
      parentId: earlier?.id ?? null,
      ignoredReason: decision.state === "ignored" ? decision.why : null,
      review: reviewAfter(decision, req),
    },
    reply,
    audit,
  );
  return outboxId === null ? [] : [outboxId];
}

/**
 * The review reason the request keeps: the decision's own when it goes to review (still silent
 * only when it is the silent reason intake gave), otherwise the one intake gave.
 */
function reviewAfter(decision: { state: string; why: string }, req: { reviewReason: string | null; reviewAcknowledged: boolean }): ReviewReason | null {
  const reason = decision.state === "review" ? decision.why : req.reviewReason;
  if (reason === null) return null;
  return { reason, acknowledged: reason === req.reviewReason ? req.reviewAcknowledged : true };
}

/**
 * The date a reply promises an answer by. A follow-up about a case in review is told the case's
 * own due date (it is part of that case, issue 15.3) while that date is still ahead; otherwise 3
 * business days from when pinmail took the mail.
 */
function expectedAnswer(earlier: EarlierRequest | null, takenAt: Date, now: Date): Date | null {
  if (earlier?.state !== "review") return null;
  return earlier.dueAt && earlier.dueAt > now ? earlier.dueAt : reviewDueAt(takenAt, now);
}

/** The request's sender authentication; rows taken before it was stored say so in their review reason. */
function senderAuthOf(req: { senderAuth: string | null; reviewReason: string | null }): "pass" | "fail" | null {
  if (req.senderAuth === "pass" || req.senderAuth === "fail") return req.senderAuth;
  return req.senderAuth === null && req.reviewReason?.startsWith("sender authentication:") ? "fail" : null;
}

/** A stored sender that is not exactly one plain address (a row from before the check): never answered. */
async function ignoreUnanswerable(tx: Queryable, id: number, now: Date): Promise<number[]> {
  const audit = new AuditTrail();
  const why = "sender address is not exactly one plain address; not answered";
  audit.add(id, "ignored", "pinmail", { reason: why });
  await finishVerification(
    tx,
    { id, state: "ignored", outcome: null, userId: null, decidedAt: now, dueAt: null, parentId: null, ignoredReason: why, review: null },
    null,
    audit,
  );
  return [];
}

async function notRecognisedSince(tx: Queryable, since: Date): Promise<number> {
  const [row] = await tx.query<{ n: number }>(
    sql`SELECT count(*)::int AS n FROM outbound_messages WHERE template = 'not-recognised' AND created_at >= ${since}`,
  );
  return row!.n;
}

async function findEarlier(tx: Queryable, id: number, sender: string, now: Date): Promise<EarlierRequest | null> {
  const [e] = await tx.query<{
    id: number;
    reference: string;
    state: string;
    outcome: string | null;
    receivedAt: Date;
    dueAt: Date | null;
    pinId: number | null;
    usedAt: Date | null;
    revokedAt: Date | null;
    expiresAt: Date | null;
  }>(sql`
    SELECT r.id, r.reference, r.state, r.outcome, r.received_at AS "receivedAt", r.due_at AS "dueAt",
           p.id AS "pinId", p.used_at AS "usedAt", p.revoked_at AS "revokedAt", p.expires_at AS "expiresAt"
    FROM inbound_requests r LEFT JOIN pins p ON p.request_id = r.id
    WHERE r.id < ${id} AND r.sender = ${sender} AND r.kind IS NOT NULL AND r.state NOT IN ('ignored', 'failed')
    ORDER BY r.id DESC LIMIT 1`);
  if (!e) return null;
  return {
    id: e.id,
    reference: e.reference,
    state: e.state as RequestState,
    outcome: e.outcome as Outcome | null,
    receivedAt: e.receivedAt,
    dueAt: e.dueAt,
    pinOutstanding: e.pinId !== null && !e.usedAt && !e.revokedAt && !!e.expiresAt && e.expiresAt > now,
  };
}

async function latestPinReply(tx: Queryable, to: string): Promise<{ reference: string; sentAt: Date } | null> {
  const [m] = await tx.query<{ createdAt: Date; sentAt: Date | null; reference: string | null }>(sql`
    SELECT m.created_at AS "createdAt", m.sent_at AS "sentAt", r.reference
    FROM outbound_messages m LEFT JOIN inbound_requests r ON r.id = m.request_id
    WHERE m.to_address = ${to} AND m.template IN ('pin-issued', 'follow-up-pin-issued')
    ORDER BY m.id DESC LIMIT 1`);
  return m && m.reference !== null ? { reference: m.reference, sentAt: m.sentAt ?? m.createdAt } : null;
}
