// Approve: a person decided the request is genuine. A fresh PIN goes to the matched user's
// REGISTERED address (never the sender's, should they differ), with the pin-issued reply.
import { startProcessing } from "../store/request-life.js";
import { replyLocale } from "../reply/reply-locale.js";
import type { Locale } from "../reply/template-catalog.js";
import { prismaQueryable } from "../store/sql.js";
import { lockAddresses } from "../verify/address-lock.js";
import { issuePin } from "../verify/issue-pin.js";
import { queueReply } from "../outbox/queue-reply.js";
import { personOnRecord, replyContact } from "../reply/template-values.js";
import { closeFollowUps } from "./close-follow-ups.js";
import { toSingleAddress } from "../core/mail-address.js";
import { asResult, CaseInvalid, CaseNotEligible, lockCase } from "./lock-case.js";
import { personStatus } from "./person-eligibility.js";
import { refusal } from "./refusal.js";
import { nowOf, type ActionResult, type ReviewDeps, type StaffActor } from "./review-deps.js";

export async function approveRequest(
  deps: ReviewDeps,
  staff: StaffActor,
  i: { reference: string; version?: number },
): Promise<ActionResult<{ outboxId: number; to: string }>> {
  const now = nowOf(deps);
  const r = await asResult(() =>
    deps.db.$transaction(
      async (tx) => {
        // The per-address lock first, as verification takes it (issue 13.9): a request from the
        // same person being verified meanwhile finishes first, and its PIN is revoked by ours
        // below, never left live beside it. Taken before the case's row lock, in the order
        // verification takes them (it may update the case when a follow-up joins it).
        const seen = await tx.inboundRequest.findUnique({ where: { reference: i.reference }, select: { sender: true, user: { select: { email: true } } } });
        if (seen) await lockAddresses(prismaQueryable(tx), [seen.user?.email, seen.sender]);
        const req = await lockCase(tx, i.reference, i.version, ["review"]);
        const include = { organization: true, branch: true } as const;
        const user = req.userId
          ? await tx.portalUser.findUnique({ where: { id: req.userId }, include })
          : await tx.portalUser.findUnique({ where: { email: req.sender.toLowerCase() }, include });
        // No usable sender address: nobody can be answered, so the case can only be closed (issue 20).
        if (!toSingleAddress(req.sender)) throw new CaseNotEligible(refusal("no-sender", {}));
        if (!user) throw new CaseInvalid(refusal("no-person", { sender: req.sender }));
        await lockAddresses(prismaQueryable(tx), [user.email]); // already held unless the case changed meanwhile
        // The bot's own rules (issue 20): no PIN for an expired account, a dormant organization, a
        // primary user or an inactive record, whoever approves.
        const status = await personStatus(tx, user, now);
        if (status.ineligible) throw new CaseNotEligible(refusal("not-eligible", status.ineligible));
        const { pin, expiresAt } = await issuePin(tx, deps.settings, { userId: user.id, requestId: req.id, reference: req.reference, now, actor: staff.email });
        const locale: Locale = replyLocale(user.locale, req.language);
        const name = req.parsedFirstName && req.parsedLastName ? { firstName: req.parsedFirstName, lastName: req.parsedLastName } : null;
        const outboxId = await queueReply(tx, deps, {
          request: req,
          userId: user.id,
          template: "pin-issued",
          locale,
          to: user.email,
          facts: {
            locale,
            reference: req.reference,
            contact: replyContact(deps.settings),
            person: personOnRecord(user),
            nameAsWritten: name,
            pin,
            pinExpiresAt: expiresAt,
          },
          purpose: "decision",
          dedupeKey: `${req.id}:decision:${req.version + 1}`,
          ownDomain: deps.settings.ownDomain,
          pinSecret: deps.settings.pinSecret,
          actor: staff.email,
        });
        await startProcessing(prismaQueryable(tx), {
          id: req.id,
          outcome: "pin-issued",
          userId: user.id,
          now,
          event: { type: "staff-approved", actor: staff.email, detail: { reviewReason: req.reviewReason, to: user.email }, userId: user.id },
        });
        await closeFollowUps(tx, req, "pin-issued", staff.email, now);
        return { outboxId, to: user.email };
      },
      { timeout: 30_000, maxWait: 30_000 },
    ),
  );
  if (r.kind === "ok") await deps.producers.sendMail([r.outboxId]);
  return r;
}
