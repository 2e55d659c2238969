// Reject: a person decided no PIN goes out. The chosen reply (by default `rejected`) goes to the
// sender's own address. Two texts from staff, kept apart (issue 20): `reason` is the internal
// note (recorded, shown to staff, never sent); `message` is the only staff text the person gets,
// given to the templates as their `reason` variable (empty when there is none).
import { toSingleAddress } from "../core/mail-address.js";
import { startProcessing } from "../store/request-life.js";
import { replyLocale } from "../reply/reply-locale.js";
import { prismaQueryable } from "../store/sql.js";
import { OUTCOMES, type Outcome } from "../verify/decide.js";
import type { Locale, TemplateName } from "../reply/template-catalog.js";
import { missingVariables, personOnRecord, replyContact, templateValues, type ReplyFacts } from "../reply/template-values.js";
import { prepareReply, queueReply, type QueueReplyInput } from "../outbox/queue-reply.js";
import type { Tx } from "../verify/issue-pin.js";
import { closeFollowUps } from "./close-follow-ups.js";
import { asResult, CaseInvalid, CaseNotFound, lockCase, type LockedCase } from "./lock-case.js";
import { refusal, refused, type Refusal } from "./refusal.js";
import { nowOf, type ActionResult, type ReviewDeps, type StaffActor } from "./review-deps.js";

/** Replies staff may choose when rejecting; all of them send no PIN. */
export const REJECT_TEMPLATES = [
  "rejected",
  "name-mismatch",
  "name-missing",
  "not-recognised",
  "organization-dormant",
  "account-expired",
  "primary-user",
] as const satisfies readonly TemplateName[];
export type RejectTemplate = (typeof REJECT_TEMPLATES)[number];

export function isRejectTemplate(v: unknown): v is RejectTemplate {
  return typeof v === "string" && (REJECT_TEMPLATES as readonly string[]).includes(v);
}

const MAX = 2000;

/** The reply a reject would send: the same inputs for the preview and for the real thing. */
async function replyInput(
  tx: Tx,
  deps: ReviewDeps,
  req: LockedCase,
  template: RejectTemplate,
  message: string,
): Promise<Omit<QueueReplyInput, "actor" | "audit" | "dedupeKey">> {
  const user = req.userId ? await tx.portalUser.findUnique({ where: { id: req.userId }, include: { organization: true, branch: true } }) : null;
  // One reply, one mailbox (issue 13.1): a sender that is not one plain address gets nothing.
  const to = user?.email ?? toSingleAddress(req.sender)?.toLowerCase();
  if (!to) throw new CaseInvalid(refusal("no-sender", {}));
  const locale: Locale = replyLocale(user?.locale, req.language);
  const name =
    req.parsedFirstName && req.parsedLastName
      ? { firstName: req.parsedFirstName, lastName: req.parsedLastName }
      : req.parsedFullName
        ? { fullName: req.parsedFullName }
        : null;
  const facts: ReplyFacts = {
    locale,
    reference: req.reference,
    contact: replyContact(deps.settings),
    person: user ? personOnRecord(user) : null,
    nameAsWritten: name,
    // Only the outgoing message: the internal note never reaches a template.
    rejectionMessage: message,
  };
  const missing = missingVariables(template, templateValues(template, facts));
  if (missing.length) throw new CaseInvalid(refusal("reply-needs-values", { template, values: missing }));
  return {
    request: req,
    userId: user?.id ?? null,
    template,
    locale,
    to,
    facts,
    purpose: "decision",
    ownDomain: deps.settings.ownDomain,
    pinSecret: deps.settings.pinSecret,
  };
}

function checkMessage(message: string): Refusal | null {
  return message.length > MAX ? refusal("message-too-long", { max: MAX }) : null;
}

export interface ReplyPreview {
  to: string;
  locale: Locale;
  template: RejectTemplate;
  subject: string;
  text: string;
  html: string;
}

/** Renders the reply a reject would send, exactly as it would go out, without changing anything. */
export async function previewReject(
  deps: ReviewDeps,
  i: { reference: string; template?: RejectTemplate; message?: string },
): Promise<ActionResult<{ preview: ReplyPreview }>> {
  const message = (i.message ?? "").trim();
  const bad = checkMessage(message);
  if (bad) return refused("invalid", bad);
  const template = i.template ?? "rejected";
  return asResult(() =>
    deps.db.$transaction(async (tx) => {
      const req = await tx.inboundRequest.findUnique({ where: { reference: i.reference } });
      if (!req) throw new CaseNotFound(i.reference);
      const input = await replyInput(tx, deps, req, template, message);
      const row = await prepareReply(tx, deps, { ...input, dedupeKey: "preview" });
      return { preview: { to: row.toAddress, locale: input.locale, template, subject: row.subject, text: row.maskedText, html: row.maskedHtml } };
    }),
  );
}

export async function rejectRequest(
  deps: ReviewDeps,
  staff: StaffActor,
  i: { reference: string; version?: number; reason: string; message?: string; template?: RejectTemplate },
): Promise<ActionResult<{ outboxId: number; to: string }>> {
  const note = i.reason.trim();
  const message = (i.message ?? "").trim();
  const template = i.template ?? "rejected";
  if (!note) return refused("invalid", refusal("internal-note-missing", {}));
  if (note.length > MAX) return refused("invalid", refusal("internal-note-too-long", { max: MAX }));
  const bad = checkMessage(message);
  if (bad) return refused("invalid", bad);
  const now = nowOf(deps);
  const r = await asResult(() =>
    deps.db.$transaction(
      async (tx) => {
        const req = await lockCase(tx, i.reference, i.version, ["review"]);
        const input = await replyInput(tx, deps, req, template, message);
        const outboxId = await queueReply(tx, deps, { ...input, dedupeKey: `${req.id}:decision:${req.version + 1}`, actor: staff.email });
        const outcome: Outcome = template !== "rejected" && (OUTCOMES as readonly string[]).includes(template) ? (template as Outcome) : "rejected";
        // `reason` stays the key of the internal note (as before issue 20); `message` is what was sent.
        const detail = { reason: note, message: message || null, template, reviewReason: req.reviewReason };
        await startProcessing(prismaQueryable(tx), { id: req.id, outcome, now, event: { type: "staff-rejected", actor: staff.email, detail } });
        await closeFollowUps(tx, req, outcome, staff.email, now);
        return { outboxId, to: input.to };
      },
      { timeout: 30_000, maxWait: 30_000 },
    ),
  );
  if (r.kind === "ok") await deps.producers.sendMail([r.outboxId]);
  return r;
}
