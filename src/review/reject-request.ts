// Reject: a person decided no PIN goes out. The chosen reply (by default `rejected`, which
// carries the reason as staff wrote it) goes to the sender's own address.
import { toSingleAddress } from "../core/mail-address.js";
import { recordEvent } from "../store/audit.js";
import { OUTCOMES, type Outcome } from "../verify/decide.js";
import { templateVariables, type Locale, type TemplateName } from "../reply/template-catalog.js";
import { queueReply } from "../verify/queue-reply.js";
import { templateValues } from "../verify/verify-request.js";
import { closeFollowUps } from "./close-follow-ups.js";
import { asResult, CaseInvalid, lockCase } from "./lock-case.js";
import { nowOf, type ActionResult, type ReviewDeps, type StaffActor } from "./review-deps.js";

/** Replies staff may choose when rejecting; all of them send no PIN. */
export const REJECT_TEMPLATES = ["rejected", "name-mismatch", "name-missing", "not-recognised", "organization-dormant", "account-expired", "primary-user"] as const satisfies readonly TemplateName[];
export type RejectTemplate = (typeof REJECT_TEMPLATES)[number];

export function isRejectTemplate(v: unknown): v is RejectTemplate {
  return typeof v === "string" && (REJECT_TEMPLATES as readonly string[]).includes(v);
}

export async function rejectRequest(
  deps: ReviewDeps,
  staff: StaffActor,
  i: { reference: string; version?: number; reason: string; template?: RejectTemplate },
): Promise<ActionResult<{ outboxId: number; to: string }>> {
  const reason = i.reason.trim();
  const template = i.template ?? "rejected";
  if (!reason) return { kind: "invalid", message: "a reason is required (it is recorded, and the `rejected` reply quotes it)" };
  if (reason.length > 2000) return { kind: "invalid", message: "the reason is longer than 2000 characters" };
  const now = nowOf(deps);
  const r = await asResult(() =>
    deps.db.$transaction(
      async (tx) => {
        const req = await lockCase(tx, i.reference, i.version, ["review"]);
        const user = req.userId ? await tx.portalUser.findUnique({ where: { id: req.userId }, include: { organization: true, branch: true } }) : null;
        // One reply, one mailbox (issue 13.1): a sender that is not one plain address gets nothing.
        const to = user?.email ?? toSingleAddress(req.sender)?.toLowerCase();
        if (!to) throw new CaseInvalid(`the sender "${req.sender.slice(0, 100)}" is not one plain address, so pinmail cannot send it any reply`);
        const locale: Locale = (user?.locale as Locale | null) ?? (req.language === "fr" ? "fr" : "en");
        const name = req.parsedFirstName && req.parsedLastName ? { firstName: req.parsedFirstName, lastName: req.parsedLastName } : req.parsedFullName ? { fullName: req.parsedFullName } : null;
        const values = {
          ...templateValues(template, { reference: req.reference, locale, user, pin: null, pinExpiresAt: null, dueAt: null, earlier: null, parsedName: name, earlierReply: null, settings: deps.settings }),
          reason,
        };
        const missing = templateVariables(template).filter((v) => v.required && (values[v.name as keyof typeof values] ?? "") === "");
        if (missing.length) throw new CaseInvalid(`the ${template} reply needs ${missing.map((v) => v.name).join(", ")}, which this request does not have; choose another reply`);
        const outboxId = await queueReply(tx, deps, {
          request: req,
          userId: user?.id ?? null,
          template,
          locale,
          to,
          values,
          pin: null,
          purpose: "decision",
          dedupeKey: `${req.id}:decision:${req.version + 1}`,
          ownDomain: deps.settings.ownDomain,
          pinSecret: deps.settings.pinSecret,
          actor: staff.email,
        });
        const outcome: Outcome = template !== "rejected" && (OUTCOMES as readonly string[]).includes(template) ? (template as Outcome) : "rejected";
        await tx.inboundRequest.update({ where: { id: req.id }, data: { state: "processing", outcome, decidedAt: now, dueAt: null, version: { increment: 1 } } });
        await recordEvent(tx, req.id, "staff-rejected", staff.email, { reason, template, reviewReason: req.reviewReason });
        await closeFollowUps(tx, req, outcome, staff.email, now);
        return { outboxId, to };
      },
      { timeout: 30_000, maxWait: 30_000 },
    ),
  );
  if (r.kind === "ok") await deps.producers.sendMail([r.outboxId]);
  return r;
}
