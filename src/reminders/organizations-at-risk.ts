// Organizations whose access goes dormant soon: the dashboard's "At risk" view, its overview
// figure and GET /api/at-risk. Same rule as the reminders (the primary user's last sign-in plus
// 2 calendar years, Toronto dates), so the view and the mail never disagree.
import { inactiveFrom } from "../core/dates.js";
import type { Db } from "../store/prisma.js";
import { loadOrganizationFacts } from "./load-reminder-facts.js";
import { basisOf } from "./plan-reminders.js";
import { torontoDay } from "./reminder-dates.js";

export const AT_RISK_WINDOWS = [30, 90, 180] as const;
export type AtRiskWindow = (typeof AT_RISK_WINDOWS)[number];

export interface OrganizationAtRisk {
  organization: { id: number; ref: string; name: string };
  primary: { id: number; firstName: string; lastName: string; email: string; lastSignInAt: Date | null };
  /** First Toronto date (YYYY-MM-DD) on which the organization is dormant. */
  dormancyDate: string;
  daysLeft: number;
  lockedOutUserCount: number;
  /** Reminders sent to the primary user since the sign-in the dormancy date counts from. */
  reminders: Array<{ stage: string; sentAt: Date }>;
}

const DAY = 86_400_000;
const dayNumber = (day: string) => Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) / DAY;

type Reader = Pick<Db, "portalUser" | "reminderSent">;

/** Primary users whose organization goes dormant after today and within `days` days. */
async function goingDormant(db: Pick<Db, "portalUser">, now: Date, days: number) {
  const t = now.getTime();
  // Wide SQL bounds (2 years is 730 or 731 days, plus zone slack); the exact rule is below.
  const lte = new Date(t - (729 - days) * DAY);
  const gt = new Date(t - 733 * DAY);
  const primaries = await db.portalUser.findMany({
    where: {
      role: "primary",
      active: true,
      organization: { active: true },
      OR: [{ lastSignInAt: { lte, gt } }, { lastSignInAt: null, createdAt: { lte, gt } }],
    },
    select: {
      id: true,
      firstName: true,
      lastName: true,
      email: true,
      lastSignInAt: true,
      createdAt: true,
      organization: { select: { id: true, ref: true, name: true } },
    },
  });
  const today = dayNumber(torontoDay(now));
  const candidates = primaries
    .map((p) => ({ p, basis: basisOf(p), dormancyDate: inactiveFrom(basisOf(p)) }))
    .map((c) => ({ ...c, daysLeft: dayNumber(c.dormancyDate) - today }))
    .filter((c) => c.daysLeft > 0 && c.daysLeft <= days);
  if (!candidates.length) return [];
  // A co-primary who signed in later keeps the organization alive.
  const all = await db.portalUser.findMany({
    where: { role: "primary", active: true, organizationId: { in: [...new Set(candidates.map((c) => c.p.organization.id))] } },
    select: { organizationId: true, lastSignInAt: true, createdAt: true },
  });
  const latest = new Map<number, number>();
  for (const a of all) latest.set(a.organizationId, Math.max(latest.get(a.organizationId) ?? 0, basisOf(a).getTime()));
  return candidates.filter((c) => (latest.get(c.p.organization.id) ?? 0) <= c.basis.getTime());
}

/** Organizations going dormant after today and within `days` days, soonest first. */
export async function listOrganizationsAtRisk(db: Reader, now: Date, days: number): Promise<OrganizationAtRisk[]> {
  const candidates = await goingDormant(db, now, days);
  if (!candidates.length) return [];
  const orgs = await loadOrganizationFacts(
    db,
    now,
    candidates.map((c) => c.p.organization.id),
  );
  const sent = await db.reminderSent.findMany({
    where: { userId: { in: candidates.map((c) => c.p.id) }, kind: "primary-dormancy" },
    select: { userId: true, stage: true, basis: true, sentAt: true },
    orderBy: { sentAt: "asc" },
  });
  const out: OrganizationAtRisk[] = candidates.map(({ p, basis, dormancyDate, daysLeft }) => ({
    organization: p.organization,
    primary: { id: p.id, firstName: p.firstName, lastName: p.lastName, email: p.email, lastSignInAt: p.lastSignInAt },
    dormancyDate,
    daysLeft,
    lockedOutUserCount: orgs.get(p.organization.id)?.lockedOutUserCount ?? 0,
    reminders: sent.filter((s) => s.userId === p.id && s.basis.getTime() === basis.getTime()).map((s) => ({ stage: s.stage, sentAt: s.sentAt })),
  }));
  return out.sort((a, b) => a.dormancyDate.localeCompare(b.dormancyDate) || a.organization.name.localeCompare(b.organization.name));
}

/** The overview's figure: organizations that go dormant within `days` days (default 90). */
export async function countOrganizationsAtRisk(db: Pick<Db, "portalUser">, now: Date, days = 90): Promise<number> {
  return (await goingDormant(db, now, days)).length;
}
