// The portal's "enter your name and PIN" step. One answer for every failure (wrong PIN, wrong
// name, used, expired, revoked), lockouts per person and per client address that hold under
// concurrency (advisory locks), and a single conditional update to consume the PIN.
import { createHash } from "node:crypto";
import { hashPin } from "../core/pin.js";
import { matchName } from "../core/match-name.js";
import { normaliseName } from "../core/normalise-name.js";
import type { Db } from "../store/prisma.js";
import { recordEvent } from "../store/audit.js";
import { personStatus } from "../review/person-eligibility.js";

export interface EnrollSettings {
  secrets: readonly string[];
  maxFailuresPerPerson: number;
  maxFailuresPerClient: number;
  windowMs: number;
}

export type EnrollResult =
  | { kind: "enrolled"; organization: string; branch: string | null; email: string }
  | { kind: "invalid" }
  | { kind: "locked"; retryAfterSeconds: number };

export const DEFAULT_ENROLL_LIMITS = { maxFailuresPerPerson: 5, maxFailuresPerClient: 20, windowMs: 3_600_000 };

/** "One person" is the submitted name after normalisation, whether or not anyone has it. */
export function personKey(firstName: string, lastName: string): string {
  // Hashed: the attempts table needs a key per person, not the names people typed.
  return createHash("sha256")
    .update(`${normaliseName(firstName)}\u0000${normaliseName(lastName)}`)
    .digest("hex");
}

export async function enroll(
  db: Db,
  s: EnrollSettings,
  input: { firstName: string; lastName: string; pin: string; clientIp: string },
  now = new Date(),
): Promise<EnrollResult> {
  const person = personKey(input.firstName, input.lastName);
  const hashes = s.secrets.map((secret) => hashPin(input.pin, secret));
  const since = new Date(now.getTime() - s.windowMs);
  return db.$transaction(
    async (tx) => {
      // Always in the same order (client, then person), so two requests never deadlock.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`pinmail:enroll-ip:${input.clientIp}`}))`;
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`pinmail:enroll-person:${person}`}))`;
      const [byPerson, byClient] = await Promise.all([
        tx.enrollmentAttempt.findMany({ where: { personKey: person, success: false, at: { gte: since } }, orderBy: { at: "asc" }, select: { at: true } }),
        tx.enrollmentAttempt.findMany({
          where: { clientIp: input.clientIp, success: false, at: { gte: since } },
          orderBy: { at: "asc" },
          select: { at: true },
        }),
      ]);
      const blockedBy =
        byPerson.length >= s.maxFailuresPerPerson
          ? byPerson[byPerson.length - s.maxFailuresPerPerson]!
          : byClient.length >= s.maxFailuresPerClient
            ? byClient[byClient.length - s.maxFailuresPerClient]!
            : null;
      if (blockedBy) {
        return { kind: "locked" as const, retryAfterSeconds: Math.max(1, Math.ceil((blockedBy.at.getTime() + s.windowMs - now.getTime()) / 1000)) };
      }
      const candidates = await tx.pin.findMany({
        where: { hash: { in: hashes }, usedAt: null, revokedAt: null, expiresAt: { gt: now } },
        include: { user: { include: { organization: true, branch: true } } },
      });
      const named = candidates.filter((p) => matchName({ firstName: input.firstName, lastName: input.lastName }, p.user));
      // The records as they are now, not when the PIN was issued (issue 20): an account that has
      // expired, or an organization gone dormant since, gets the same single answer as a wrong PIN.
      const eligible = await Promise.all(named.map(async (p) => (await personStatus(tx, p.user, now)).eligibility.eligible));
      const match = named.find((_, k) => eligible[k]);
      const consumed = match ? (await tx.pin.updateMany({ where: { id: match.id, usedAt: null, revokedAt: null }, data: { usedAt: now } })).count === 1 : false;
      await tx.enrollmentAttempt.create({ data: { personKey: person, clientIp: input.clientIp, success: consumed, at: now } });
      if (!match || !consumed) return { kind: "invalid" as const };
      // Enrolling is signing in: it keeps the account (and, for a primary, the organization) alive.
      await tx.portalUser.updateMany({
        where: { id: match.userId, OR: [{ lastSignInAt: null }, { lastSignInAt: { lt: now } }] },
        data: { lastSignInAt: now },
      });
      await recordEvent(tx, match.requestId, "pin-used", "enrollment-api", { clientIp: input.clientIp }, match.userId);
      return {
        kind: "enrolled" as const,
        organization: match.user.organization.ref,
        branch: match.user.branch?.ref ?? null,
        email: match.user.email,
      };
    },
    { timeout: 15_000, maxWait: 15_000 },
  );
}
