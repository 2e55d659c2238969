// The review backlog's counts in one statement (issue 20, "At scale"): open cases, how many are
// overdue, how many nobody took. A case is a request in review that is not a follow-up waiting
// with its case (OPEN_CASES in src/review/open-cases.ts says the same for Prisma; written out here
// because Prisma's form of it read the whole table: 0.6 s per count on a million requests).
import type { Db } from "../../store/prisma.js";
import { prismaQueryable, sql } from "../../store/sql.js";

export interface ReviewCounts {
  open: number;
  overdue: number;
  unassigned: number;
}

export async function reviewCounts(db: Db, now: Date): Promise<ReviewCounts> {
  const [row] = await prismaQueryable(db).query<ReviewCounts>(sql`
    SELECT count(*)::int AS open,
           (count(*) FILTER (WHERE r.due_at < ${now}::timestamptz))::int AS overdue,
           (count(*) FILTER (WHERE r.assigned_to_id IS NULL))::int AS unassigned
      FROM inbound_requests r
     WHERE r.state = 'review'
       AND (r.parent_id IS NULL OR EXISTS (SELECT 1 FROM inbound_requests p WHERE p.id = r.parent_id AND p.state <> 'review'))`);
  return row ?? { open: 0, overdue: 0, unassigned: 0 };
}
