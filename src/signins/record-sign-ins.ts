// Moves lastSignInAt forward for the addresses on record; unknown addresses are ignored without
// a trace in the answer. One statement for a whole batch: the newest time per address wins, and
// a stored time that is already later (from an import or an enrollment) is kept.
import type { Db } from "../store/prisma.js";

export interface SignIn {
  email: string;
  at: Date;
}

/** Returns how many users moved forward (for logs and tests, never for the HTTP answer). */
export async function recordSignIns(db: Pick<Db, "$executeRaw">, signIns: readonly SignIn[]): Promise<number> {
  const newest = new Map<string, Date>();
  for (const s of signIns) {
    const email = s.email.trim().toLowerCase();
    const seen = newest.get(email);
    if (!seen || s.at > seen) newest.set(email, s.at);
  }
  if (!newest.size) return 0;
  const emails = [...newest.keys()];
  const times = [...newest.values()].map((d) => d.toISOString());
  return db.$executeRaw`
    UPDATE portal_users AS u
       SET last_sign_in_at = s.at, updated_at = now()
      FROM unnest(${emails}::text[], ${times}::timestamptz[]) AS s(email, at)
     WHERE u.email = s.email
       AND (u.last_sign_in_at IS NULL OR u.last_sign_in_at < s.at)`;
}
