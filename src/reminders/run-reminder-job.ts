// The `reminders` job handler: write today's reminders, announce their delivery, and fail the
// job (so BullMQ retries it) when some could not be written.
import type { Logger } from "../runtime/logger.js";
import type { Producers } from "../jobs/producers.js";
import { ReminderRunError, sendDueReminders, type ReminderDeps, type ReminderRun } from "./send-reminders.js";

export async function runReminderJob(deps: ReminderDeps, producers: Pick<Producers, "sendMail">, logger: Logger, now: Date): Promise<ReminderRun> {
  const run = await sendDueReminders(deps, now);
  if (run.queued.length) await producers.sendMail(run.queued.map((q) => q.outboxId));
  logger.info({ planned: run.planned, queued: run.queued.length, failed: run.failed.length }, "reminders checked");
  if (run.failed.length) throw new ReminderRunError(run);
  return run;
}
