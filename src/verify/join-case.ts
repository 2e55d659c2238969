// A follow-up that arrives while the person's earlier request is in review joins that case
// (issue 15.3) instead of becoming a second case: the case's priority goes up and its timeline
// says a follow-up came in; the follow-up itself waits in review with `parentId` naming
// the case and no due date of its own (the case's due date is the one that counts). Staff decide
// the case; close-follow-ups.ts settles its follow-ups with it.
import type { AuditTrail } from "../store/audit.js";
import { sql, type Queryable } from "../store/sql.js";

export interface JoiningFollowUp {
  reference: string;
  subject: string;
}

export async function joinCase(tx: Queryable, audit: AuditTrail, caseId: number, followUp: JoiningFollowUp, now: Date): Promise<void> {
  await tx.query(sql`UPDATE inbound_requests SET priority = priority + 1, version = version + 1, updated_at = ${now} WHERE id = ${caseId}`);
  // When it arrived is on the case page's list of follow-ups, in the dashboard's time zone.
  audit.add(caseId, "follow-up-received", "pinmail", { reference: followUp.reference, subject: followUp.subject });
}
