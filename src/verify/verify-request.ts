// The use case behind the `verify-request` job: gather the facts, decide, and write the decision,
// the PIN (hash only) and the reply (outbox) in ONE transaction. A retried job finds the request
// already decided and only re-announces its pending mail, so a request never gets two PINs.
import { addBusinessDays } from "../core/business-days.js";
import type { ParsedName } from "../core/match-name.js";
import { formatReplyDate } from "../reply/format-date.js";
import type { DefaultTemplates } from "../reply/load-default-templates.js";
import type { Renderer } from "../reply/render.js";
import type { Locale, TemplateName } from "../reply/template-catalog.js";
import type { Db } from "../store/prisma.js";
import { AuditTrail } from "../store/audit.js";
import { issuePin } from "./issue-pin.js";
import { lockRequest, senderFacts } from "./load-request.js";
import { finishVerification } from "./finish-verification.js";
import { prepareReply, replyQueuedDetail, type PreparedReply } from "./queue-reply.js";
import { decide, type Decision, type EarlierRequest, type Outcome, type RequestState } from "./decide.js";

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
  renderer: Renderer;
  defaults: DefaultTemplates;
  settings: VerifySettings;
  now?: () => Date;
}

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

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
  return deps.db.$transaction(
    async (tx) => {
      // The row lock serialises retries and duplicate jobs of the same request.
      const req = await lockRequest(tx, requestId);
      if (!req) throw new Error(`request ${requestId} does not exist`);
      if (req.state !== "received") {
        const pending = await tx.outboundMessage.findMany({ where: { requestId, status: "pending" }, select: { id: true } });
        return pending.map((p) => p.id);
      }
      // lockRequest also took the per-address lock (lower(sender) in SQL).
      const sender = req.sender.toLowerCase();
      const since = new Date(now.getTime() - DAY);
      const facts = await senderFacts(tx, sender, since);
      const user = facts.user;
      const known = user && user.active && user.organization.active ? user : null;
      if (!known) await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('pinmail:not-recognised'))`;
      const [notRecognisedRepliesLastHour, earlier] = await Promise.all([
        known ? 0 : tx.outboundMessage.count({ where: { template: "not-recognised", createdAt: { gte: new Date(now.getTime() - 3_600_000) } } }),
        req.kind === "follow-up" ? findEarlier(tx, req.id, sender, now) : null,
      ]);
      const { pinsLast24h: userPinsLast24h, repliesToAddressLast24h, rateLimitedReplyLast24h } = facts;
      const pinsLast24h = known ? userPinsLast24h : 0;
      const audit = new AuditTrail();
      const name = parsedNameOf(req);
      const decision = decide({
        kind: req.kind === "follow-up" ? "follow-up" : "reset",
        reviewReason: req.reviewReason,
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

      const locale: Locale = (known?.locale as Locale | null) ?? (req.language === "fr" ? "fr" : "en");
      let pin: string | null = null;
      let pinExpiresAt: Date | null = null;
      if (decision.state === "processing" && decision.issuePin && known) {
        ({ pin, expiresAt: pinExpiresAt } = await issuePin(tx, deps.settings, { userId: known.id, requestId: req.id, reference: req.reference, now, actor: "pinmail", audit, linked: req.hasPin }));
      }

      const dueAt = decision.state === "review" ? addBusinessDays(now, 3) : null;
      let reply: PreparedReply | null = null;
      if (decision.template) {
        const values = templateValues(decision.template, {
          reference: req.reference,
          locale,
          user: known,
          pin,
          pinExpiresAt,
          dueAt: dueAt ?? (earlier?.state === "review" ? addBusinessDays(now, 3) : null),
          earlier,
          parsedName: name,
          earlierReply: decision.template === "rate-limited" ? await latestPinReply(tx, sender) : null,
          settings: deps.settings,
        });
        reply = await prepareReply(tx, deps, {
          request: req,
          userId: known?.id ?? null,
          template: decision.template,
          locale,
          // A PIN goes only to the registered address; every reply goes to the sender's own
          // address (never Reply-To), which for a matched user is that same address.
          to: known ? known.email : sender,
          values,
          pin,
          purpose: "reply",
          dedupeKey: opts.dedupeKey ?? `${req.id}:reply`,
          ownDomain: deps.settings.ownDomain,
          pinSecret: deps.settings.pinSecret,
        });
        audit.add(req.id, "reply-queued", "pinmail", replyQueuedDetail(reply));
      }

      if (decision.state === "review" && decision.joinEarlier && earlier) {
        // A follow-up on a case in review raises its priority.
        await tx.inboundRequest.update({ where: { id: earlier.id }, data: { priority: { increment: 1 }, version: { increment: 1 } } });
        audit.add(earlier.id, "follow-up-received", "pinmail", { reference: req.reference });
      }
      const outboxId = await finishVerification(
        tx,
        {
          id: req.id,
          state: decision.state,
          outcome: decision.outcome,
          userId: known?.id ?? null,
          decidedAt: now,
          dueAt: decision.state === "review" ? (decision.joinEarlier && earlier ? undefined : dueAt) : null,
          parentId: earlier?.id ?? null,
          ignoredReason: decision.state === "ignored" ? decision.why : null,
          reviewReason: decision.state === "review" ? decision.why : req.reviewReason,
        },
        reply,
        audit,
      );
      return outboxId === null ? [] : [outboxId];
    },
    { timeout: 30_000, maxWait: 30_000 },
  );
}

async function findEarlier(tx: Tx, id: number, sender: string, now: Date): Promise<EarlierRequest | null> {
  const e = await tx.inboundRequest.findFirst({
    where: { id: { lt: id }, sender, kind: { not: null }, state: { notIn: ["ignored", "failed"] } },
    orderBy: { id: "desc" },
    include: { pin: true },
  });
  if (!e) return null;
  const p = e.pin;
  return {
    id: e.id,
    reference: e.reference,
    state: e.state as RequestState,
    outcome: e.outcome as Outcome | null,
    receivedAt: e.receivedAt,
    pinOutstanding: !!p && !p.usedAt && !p.revokedAt && p.expiresAt > now,
  };
}

interface ValueInput {
  reference: string;
  locale: Locale;
  user: { firstName: string; lastName: string; organization: { name: string }; branch: { name: string } | null; lastSignInAt: Date | null } | null;
  pin: string | null;
  pinExpiresAt: Date | null;
  dueAt: Date | null;
  earlier: EarlierRequest | null;
  parsedName: ParsedName | null;
  earlierReply: { reference: string; sentAt: Date } | null;
  settings: VerifySettings;
}

async function latestPinReply(tx: Tx, to: string): Promise<{ reference: string; sentAt: Date } | null> {
  const m = await tx.outboundMessage.findFirst({
    where: { toAddress: to, template: { in: ["pin-issued", "follow-up-pin-issued"] } },
    orderBy: { id: "desc" },
    select: { createdAt: true, sentAt: true, request: { select: { reference: true } } },
  });
  return m?.request ? { reference: m.request.reference, sentAt: m.sentAt ?? m.createdAt } : null;
}

/** Every value any reply template may use; buildTemplateVariables keeps only those it declares. */
export function templateValues(template: TemplateName, v: ValueInput): Record<string, unknown> {
  // A mismatch reply may echo only what the sender wrote: never the registered spelling.
  const asWritten = template === "name-mismatch";
  const written = v.parsedName ? ("fullName" in v.parsedName ? { firstName: v.parsedName.fullName, lastName: null } : v.parsedName) : { firstName: null, lastName: null };
  return {
    reference: v.reference,
    supportAddress: v.settings.supportAddress,
    portalUrl: v.settings.portalUrl,
    firstName: asWritten ? written.firstName : (v.user?.firstName ?? null),
    lastName: asWritten ? written.lastName : (v.user?.lastName ?? null),
    organizationName: v.user?.organization.name ?? null,
    branchName: v.user?.branch?.name ?? null,
    pin: v.pin,
    pinExpiresAt: v.pinExpiresAt ? formatReplyDate(v.pinExpiresAt, v.locale) : null,
    expectedDate: v.dueAt ? formatReplyDate(v.dueAt, v.locale) : null,
    caseReference: v.earlier?.reference ?? null,
    caseReceivedAt: v.earlier ? formatReplyDate(v.earlier.receivedAt, v.locale, { withTime: true }) : null,
    earlierReference: v.earlierReply?.reference ?? null,
    earlierSentAt: v.earlierReply ? formatReplyDate(v.earlierReply.sentAt, v.locale, { withTime: true }) : null,
  };
}

export type { Decision };
