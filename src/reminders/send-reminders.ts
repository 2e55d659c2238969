// The `reminders` job: plan today's reminders, then write each one (ReminderSent row, outbox row,
// audit event) in its own transaction. Two workers running the check at once send each reminder
// once: a per-user advisory lock serialises them and the plan is re-checked under the lock; the
// unique ReminderSent row and the outbox dedupe key back that up.
import { composeOutbound } from "../outbox/compose.js";
import { activeTemplate } from "../reply/active-template.js";
import type { DefaultTemplates } from "../reply/load-default-templates.js";
import type { RenderedReply, Renderer } from "../reply/render.js";
import { buildTemplateVariables } from "../reply/template-catalog.js";
import { templateValues } from "../reply/template-values.js";
import { recordEvent } from "../store/audit.js";
import type { Db } from "../store/prisma.js";
import { prismaQueryable, type Queryable } from "../store/sql.js";
import { storedTemplateSources } from "../store/template-versions.js";
import { loadReminderFacts } from "./load-reminder-facts.js";
import { planReminders, planUser, type DueReminder } from "./plan-reminders.js";
import { dedupeKeyOf, localeOf, reminderFacts, templateOf, type ReminderSettings } from "./reminder-message.js";

export interface ReminderDeps {
  db: Db;
  renderer: Renderer;
  defaults: DefaultTemplates;
  settings: ReminderSettings & { ownDomain: string; pinSecret: string };
}

export interface QueuedReminder {
  outboxId: number;
  due: DueReminder;
  subject: string;
}

export interface ReminderRun {
  planned: number;
  queued: QueuedReminder[];
  failed: Array<{ userId: number; error: string }>;
}

export class ReminderRunError extends Error {
  constructor(readonly run: ReminderRun) {
    super(
      `${run.failed.length} of ${run.planned} reminders could not be written: ${run.failed
        .map((f) => `user ${f.userId}: ${f.error}`)
        .join("; ")
        .slice(0, 500)}`,
    );
    this.name = "ReminderRunError";
  }
}

/** A reminder rendered with its active template: the same call for --send and the dry run. */
export async function renderReminder(
  q: Queryable,
  r: { renderer: Renderer; defaults: DefaultTemplates },
  d: DueReminder,
  settings: ReminderSettings,
): Promise<RenderedReply> {
  const template = templateOf(d);
  const source = await activeTemplate(storedTemplateSources(q), r.defaults, template, localeOf(d));
  return r.renderer.render(source, buildTemplateVariables(template, templateValues(template, reminderFacts(d, settings))));
}

/** Today's reminders as the dry run shows them. */
export async function findDueReminders(db: Db, now: Date): Promise<DueReminder[]> {
  return planReminders(await loadReminderFacts(db, now));
}

/**
 * Writes every reminder due at `now` and returns what was queued; the caller announces the
 * outbox ids. One failing reminder does not stop the others; failures are returned, and thrown
 * by the job handler so the job is retried (already written reminders are then skipped).
 */
export async function sendDueReminders(deps: ReminderDeps, now: Date): Promise<ReminderRun> {
  const due = await findDueReminders(deps.db, now);
  const run: ReminderRun = { planned: due.length, queued: [], failed: [] };
  for (const d of due) {
    try {
      const q = await writeReminder(deps, d, now);
      if (q) run.queued.push(q);
    } catch (err) {
      run.failed.push({ userId: d.user.id, error: (err as Error).message });
    }
  }
  return run;
}

async function writeReminder(deps: ReminderDeps, planned: DueReminder, now: Date): Promise<QueuedReminder | null> {
  return deps.db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`pinmail:reminder:${planned.user.id}`}))`;
      // Re-plan under the lock: another worker may have sent it, or the user signed in meanwhile.
      const fresh = await loadReminderFacts(tx, now, [planned.user.id]);
      const user = fresh.users[0];
      const d = user ? planUser(user, fresh.organizations.get(user.organizationId), fresh.sent, now) : null;
      if (!d || d.kind !== planned.kind || d.stage !== planned.stage || d.basis.getTime() !== planned.basis.getTime()) return null;

      const template = templateOf(d);
      const locale = localeOf(d);
      const rendered = await renderReminder(prismaQueryable(tx), deps, d, deps.settings);
      await tx.reminderSent.create({ data: { userId: d.user.id, kind: d.kind, stage: d.stage, basis: d.basis, sentAt: now } });
      const row = composeOutbound({
        requestId: null,
        userId: d.user.id,
        reference: `reminder-${d.user.id}-${d.stage}`,
        purpose: "reminder",
        template,
        locale,
        to: d.user.email,
        inReplyTo: null,
        rendered,
        pin: null,
        ownDomain: deps.settings.ownDomain,
        pinSecret: deps.settings.pinSecret,
        autoSubmitted: "auto-generated",
        dedupeKey: dedupeKeyOf(d),
      });
      const created = await tx.outboundMessage.create({ data: row, select: { id: true } });
      await recordEvent(
        tx,
        null,
        "reminder-queued",
        "pinmail",
        {
          kind: d.kind,
          stage: d.stage,
          basis: d.basis.toISOString(),
          deadline: d.deadline,
          template,
          locale,
          to: row.toAddress,
          messageId: row.messageId,
          outboxId: created.id,
          why: d.why,
        },
        d.user.id,
      );
      return { outboxId: created.id, due: d, subject: row.subject };
    },
    { timeout: 30_000, maxWait: 30_000 },
  );
}
