// Gathers what the planner needs from the database: candidate users (only those old enough to
// be anywhere near a reminder), their organizations' primary and head count, and the reminders
// already sent to them.
import { isTwoYearsInactive } from "../core/dates.js";
import type { Db } from "../store/prisma.js";
import type { OrganizationFacts, PlanInput, ReminderUser, SentReminder } from "./plan-reminders.js";
import { basisOf } from "./plan-reminders.js";

type Reader = Pick<Db, "portalUser" | "reminderSent">;

const DAY = 86_400_000;
// Generous bounds for the SQL filter; the planner applies the exact calendar rules.
const PRIMARY_FROM_DAYS = 17 * 31;
const OTHERS_FROM_DAYS = 20 * 31;
const LATEST_DAYS = 2 * 366 + 2;

const activity = (lte: Date, gt: Date) => ({
  OR: [{ lastSignInAt: { lte, gt } }, { lastSignInAt: null, createdAt: { lte, gt } }],
});

const userSelect = {
  id: true,
  email: true,
  role: true,
  firstName: true,
  lastName: true,
  locale: true,
  lastSignInAt: true,
  createdAt: true,
  organizationId: true,
  organization: { select: { name: true } },
  branch: { select: { name: true } },
} as const;

type Row = {
  id: number;
  email: string;
  role: string;
  firstName: string;
  lastName: string;
  locale: string | null;
  lastSignInAt: Date | null;
  createdAt: Date;
  organizationId: number;
  organization: { name: string };
  branch: { name: string } | null;
};

export function toReminderUser(r: Row): ReminderUser {
  return {
    id: r.id,
    email: r.email,
    role: r.role as ReminderUser["role"],
    firstName: r.firstName,
    lastName: r.lastName,
    locale: r.locale,
    lastSignInAt: r.lastSignInAt,
    createdAt: r.createdAt,
    organizationId: r.organizationId,
    organizationName: r.organization.name,
    branchName: r.branch?.name ?? null,
  };
}

export async function loadReminderFacts(db: Reader, now: Date, onlyUserIds?: readonly number[]): Promise<PlanInput> {
  const t = now.getTime();
  const live = { active: true, organization: { active: true }, ...(onlyUserIds ? { id: { in: [...onlyUserIds] } } : {}) };
  const [primaries, others] = await Promise.all([
    db.portalUser.findMany({
      where: { ...live, role: "primary", ...activity(new Date(t - PRIMARY_FROM_DAYS * DAY), new Date(t - LATEST_DAYS * DAY)) },
      select: userSelect,
    }),
    db.portalUser.findMany({
      where: { ...live, role: { in: ["secondary", "branch"] }, ...activity(new Date(t - OTHERS_FROM_DAYS * DAY), new Date(t - LATEST_DAYS * DAY)) },
      select: userSelect,
    }),
  ]);
  const users = [...primaries, ...others].map(toReminderUser);
  const organizations = await loadOrganizationFacts(db, now, [...new Set(users.map((u) => u.organizationId))]);
  const sent: SentReminder[] = users.length
    ? await db.reminderSent.findMany({
        where: { userId: { in: users.map((u) => u.id) } },
        select: { userId: true, kind: true, stage: true, basis: true, sentAt: true },
      })
    : [];
  return { users, organizations, sent, now };
}

/** Primary activity and locked-out head count per organization. */
export async function loadOrganizationFacts(
  db: Pick<Db, "portalUser">,
  now: Date,
  organizationIds: readonly number[],
): Promise<Map<number, OrganizationFacts>> {
  const out = new Map<number, OrganizationFacts>();
  if (!organizationIds.length) return out;
  const members = await db.portalUser.findMany({
    where: { organizationId: { in: [...organizationIds] }, active: true },
    select: { organizationId: true, role: true, lastSignInAt: true, createdAt: true },
  });
  for (const id of organizationIds) out.set(id, { primaryBasis: null, lockedOutUserCount: 0 });
  for (const m of members) {
    const facts = out.get(m.organizationId)!;
    const basis = basisOf(m);
    if (m.role === "primary") {
      // Several primaries on record: the organization lives as long as the most recent one.
      if (!facts.primaryBasis || basis > facts.primaryBasis) facts.primaryBasis = basis;
    } else if (!isTwoYearsInactive(basis, now)) {
      facts.lockedOutUserCount += 1;
    }
  }
  return out;
}
