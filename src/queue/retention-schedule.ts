// The daily retention purge runs as a BullMQ job scheduler, like the reminders: every worker
// upserts the same scheduler id at start-up and BullMQ makes one job per period out of it, so the
// purge runs once a day however many workers there are. 02:30 in Toronto: after the day's mail,
// before staff start, away from the 09:00 reminders.
import type { Queue } from "bullmq";
import { BUSINESS_TIME_ZONE } from "../core/time-zone.js";
import { addCalendarDays, torontoCalendarDate, torontoWallTimeToInstant } from "../core/toronto-date.js";
import { JOBS } from "../jobs/jobs.js";
import { alreadyScheduled } from "./already-scheduled.js";

export const RETENTION_SCHEDULER_ID = "daily-retention";
export const RETENTION_TIME_ZONE = BUSINESS_TIME_ZONE;
export const RETENTION_HOUR = { hour: 2, minute: 30 };
export const RETENTION_CRON = `${RETENTION_HOUR.minute} ${RETENTION_HOUR.hour} * * *`;

/**
 * `pattern` is for tests (a cron pattern with seconds fires within the test's time). A worker that
 * starts while this period's purge is running (or just ran) finds its job already there: BullMQ
 * then refuses to create the iteration again (or says both time slots have jobs), which means the
 * scheduler is in place, not a fault.
 */
export async function scheduleRetention(queue: Queue, pattern: string = RETENTION_CRON): Promise<void> {
  await upsert(queue, pattern).catch((err: Error) => {
    if (!alreadyScheduled(err)) throw err;
  });
}

async function upsert(queue: Queue, pattern: string): Promise<void> {
  await queue.upsertJobScheduler(
    RETENTION_SCHEDULER_ID,
    { pattern, tz: RETENTION_TIME_ZONE },
    {
      name: JOBS.retention.name,
      data: {},
      opts: { attempts: 3, backoff: { type: "exponential", delay: 60_000 }, removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } },
    },
  );
}

/** When the daily purge next runs after `now` (02:30 in Toronto, today or tomorrow). */
export function nextRetentionRun(now: Date): Date {
  const today = torontoCalendarDate(now);
  const at = torontoWallTimeToInstant(today, RETENTION_HOUR.hour, RETENTION_HOUR.minute);
  return at > now ? at : torontoWallTimeToInstant(addCalendarDays(today, 1), RETENTION_HOUR.hour, RETENTION_HOUR.minute);
}
