// Every worker upserts the same daily job scheduler at start-up. A worker that starts while this
// period's job is running (or has just run) finds it already there: BullMQ then refuses to create
// the iteration again ("job ID already exists", or "both time slots already have jobs"). That means
// the scheduler is in place, not a fault, and must not stop the worker from starting.
export function alreadyScheduled(err: unknown): boolean {
  return err instanceof Error && /job ID already exists|time slots already have jobs/i.test(err.message);
}
