// Reads what approvalEligibility needs for one person on record: their own and their
// organization's switches, their last activity, and their organization's primary user's.
import { eligibilityOf, ineligibility, type Eligibility, type Ineligibility } from "../core/approval-eligibility.js";
import type { Db } from "../store/prisma.js";
import type { Tx } from "../verify/issue-pin.js";

export interface PersonStatus {
  eligibility: Eligibility;
  /** The same verdict as a code (null: a PIN may be given), for a typed refusal; not in the case's JSON. */
  ineligible: Ineligibility | null;
  /** Last sign-in (or the record's creation when never signed in), ISO. */
  activeSince: string;
  /** The organization's primary user's, ISO; null without a primary on record. */
  primaryActiveSince: string | null;
}

type PersonRow = { organizationId: number; role: string; active: boolean; lastSignInAt: Date | null; createdAt: Date; organization: { active: boolean } };

export async function personStatus(q: Db | Tx, u: PersonRow, now: Date): Promise<PersonStatus> {
  const primary = await q.portalUser.findFirst({
    where: { organizationId: u.organizationId, role: "primary", active: true },
    orderBy: { id: "asc" },
    select: { lastSignInAt: true, createdAt: true },
  });
  const activeSince = u.lastSignInAt ?? u.createdAt;
  const primaryActiveSince = primary ? (primary.lastSignInAt ?? primary.createdAt) : null;
  const ineligible = ineligibility({ role: u.role, active: u.active, organizationActive: u.organization.active, activeSince, primaryActiveSince }, now);
  return {
    eligibility: eligibilityOf(ineligible),
    ineligible,
    activeSince: activeSince.toISOString(),
    primaryActiveSince: primaryActiveSince?.toISOString() ?? null,
  };
}
