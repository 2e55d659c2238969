// The daily reminders run as a BullMQ job scheduler: every worker upserts the same scheduler id
// at start-up, and BullMQ makes one job per period out of it, however many workers there are.
// Turning REMINDERS_ENABLED off removes the scheduler, so the setting must agree on every worker.
import type { Queue } from "bullmq";
import { BUSINESS_TIME_ZONE } from "../core/time-zone.js";
import { JOBS } from "../jobs/jobs.js";
import { alreadyScheduled } from "./already-scheduled.js";

export const REMINDER_SCHEDULER_ID = "daily-reminders";
export const REMINDER_TIME_ZONE = BUSINESS_TIME_ZONE;

export class ReminderScheduleError extends Error {
  constructor(cron: string, cause: unknown) {
    super(`REMINDER_CRON "${cron}" was refused: ${(cause as Error).message}; expected a cron pattern such as "0 9 * * *"`, { cause });
    this.name = "ReminderScheduleError";
  }
}

export async function scheduleReminders(queue: Queue, s: { enabled: boolean; cron: string }): Promise<"scheduled" | "removed"> {
  if (!s.enabled) {
    await queue.removeJobScheduler(REMINDER_SCHEDULER_ID);
    return "removed";
  }
  try {
    await queue.upsertJobScheduler(
      REMINDER_SCHEDULER_ID,
      { pattern: s.cron, tz: REMINDER_TIME_ZONE },
      {
        name: JOBS.reminders.name,
        data: {},
        opts: { attempts: 3, backoff: { type: "exponential", delay: 60_000 }, removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } },
      },
    );
  } catch (err) {
    if (alreadyScheduled(err)) return "scheduled";
    throw new ReminderScheduleError(s.cron, err);
  }
  return "scheduled";
}
