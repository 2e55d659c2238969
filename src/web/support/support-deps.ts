// What the support dashboard reads and acts with.
import type { ReviewDeps } from "../../review/review-deps.js";
import type { RetentionDeps } from "../../retention/run-retention.js";
import type { Db } from "../../store/prisma.js";

export interface SupportDeps {
  db: Db;
  review: ReviewDeps;
  /** Reads the mailbox status the worker publishes (`<prefix>:mailbox-status`). */
  redis: { get(key: string): Promise<string | null> };
  queuePrefix: string;
  /** How often live parts of the pages refresh, in milliseconds. */
  liveEveryMs?: number;
  now?: () => Date;
  /** Retention settings and adapters for the Data page's preview (issue 19); without them the page says so. */
  retention?: RetentionDeps;
}

export const clock = (d: { now?: () => Date }) => (d.now ?? (() => new Date()))();
