// Which reminders are due on a given day. Pure: the loader gathers the facts, the use case
// writes what this returns, and the dry run prints it.
//
// Primary users keep their organization alive: reminders at 18, 21 and 23 months after the last
// sign-in, while the organization is not yet dormant (2 calendar years). When pinmail first
// sees a user late in the series (say at 22 months), only the latest stage reached is sent, not a
// burst of the earlier ones. Secondary and branch users get one reminder in the 3 months before
// their own account expires, unless their organization is already dormant (then no sign-in of
// theirs helps). A user never gets two reminders of a kind within 30 days, and a sign-in starts a
// fresh series: stages are remembered per sign-in time ("basis").
import { inactiveFrom, isTwoYearsInactive } from "../core/dates.js";
import { daysAfter, monthsAfter, shiftDay, torontoDay } from "./reminder-dates.js";

export type ReminderKind = "primary-dormancy" | "account-expiry";

export const PRIMARY_STAGES = [
  { stage: "18-months", months: 18 },
  { stage: "21-months", months: 21 },
  { stage: "23-months", months: 23 },
] as const;
export const EXPIRY_STAGE = "3-months-before";
export const EXPIRY_WARNING_MONTHS = 3;
export const MIN_DAYS_BETWEEN = 30;

export interface ReminderUser {
  id: number;
  email: string;
  role: "primary" | "secondary" | "branch";
  firstName: string;
  lastName: string;
  locale: string | null;
  lastSignInAt: Date | null;
  createdAt: Date;
  organizationId: number;
  organizationName: string;
  branchName: string | null;
}

export interface OrganizationFacts {
  /** The primary user's lastSignInAt ?? createdAt; null when the organization has no primary. */
  primaryBasis: Date | null;
  /** Active secondary and branch users whose own account has not expired: who dormancy locks out. */
  lockedOutUserCount: number;
}

export interface SentReminder {
  userId: number;
  kind: string;
  stage: string;
  basis: Date;
  sentAt: Date;
}

export interface DueReminder {
  user: ReminderUser;
  kind: ReminderKind;
  stage: string;
  /** lastSignInAt ?? createdAt: the series this reminder belongs to. */
  basis: Date;
  /** Toronto date the organization goes dormant (primary) or the account expires (others). */
  deadline: string;
  lockedOutUserCount: number;
  why: string;
}

export const basisOf = (u: Pick<ReminderUser, "lastSignInAt" | "createdAt">): Date => u.lastSignInAt ?? u.createdAt;

/** The reminder due for one user today, or null. */
export function planUser(user: ReminderUser, org: OrganizationFacts | undefined, sent: readonly SentReminder[], now: Date): DueReminder | null {
  const today = torontoDay(now);
  const basis = basisOf(user);
  const kind: ReminderKind = user.role === "primary" ? "primary-dormancy" : "account-expiry";
  const deadline = inactiveFrom(basis);
  if (today >= deadline) return null;
  const mine = sent.filter((s) => s.userId === user.id && s.kind === kind);
  const since = user.lastSignInAt ? `last sign-in ${torontoDay(user.lastSignInAt)}` : `never signed in (record created ${torontoDay(user.createdAt)})`;

  let stage: string;
  let why: string;
  if (kind === "primary-dormancy") {
    // Another primary user who signed in more recently keeps the organization alive.
    if (org?.primaryBasis && org.primaryBasis > basis) return null;
    const reached = PRIMARY_STAGES.map((s, index) => ({ ...s, index, from: monthsAfter(basis, s.months) })).filter((s) => s.from <= today);
    const top = reached.at(-1);
    if (!top) return null;
    const sentInSeries = mine.filter((s) => s.basis.getTime() === basis.getTime());
    const highestSent = Math.max(-1, ...sentInSeries.map((s) => PRIMARY_STAGES.findIndex((p) => p.stage === s.stage)));
    if (highestSent >= top.index) return null;
    stage = top.stage;
    why = `primary user, ${since}: ${top.months} months reached on ${top.from}; organization goes dormant on ${deadline}`;
  } else {
    const from = shiftDay(deadline, -EXPIRY_WARNING_MONTHS);
    if (today < from) return null;
    if (mine.some((s) => s.stage === EXPIRY_STAGE && s.basis.getTime() === basis.getTime())) return null;
    if (org?.primaryBasis && isTwoYearsInactive(org.primaryBasis, now)) return null;
    stage = EXPIRY_STAGE;
    why = `${user.role} user, ${since}: account expires on ${deadline}, within ${EXPIRY_WARNING_MONTHS} months`;
  }
  if (mine.some((s) => daysAfter(s.sentAt, MIN_DAYS_BETWEEN) > today)) return null;
  const lockedOutUserCount = kind === "primary-dormancy" ? (org?.lockedOutUserCount ?? 0) : 0;
  if (kind === "primary-dormancy") why += `; ${lockedOutUserCount} secondary/branch user${lockedOutUserCount === 1 ? "" : "s"} would be locked out`;
  return { user, kind, stage, basis, deadline, lockedOutUserCount, why };
}

export interface PlanInput {
  users: readonly ReminderUser[];
  organizations: ReadonlyMap<number, OrganizationFacts>;
  sent: readonly SentReminder[];
  now: Date;
}

/** Every reminder due on `now`'s Toronto date, soonest deadline first. */
export function planReminders(input: PlanInput): DueReminder[] {
  const byUser = new Map<number, SentReminder[]>();
  for (const s of input.sent) (byUser.get(s.userId) ?? byUser.set(s.userId, []).get(s.userId)!).push(s);
  const due: DueReminder[] = [];
  for (const user of input.users) {
    const d = planUser(user, input.organizations.get(user.organizationId), byUser.get(user.id) ?? [], input.now);
    if (d) due.push(d);
  }
  return due.sort((a, b) => a.deadline.localeCompare(b.deadline) || a.user.email.localeCompare(b.user.email));
}
