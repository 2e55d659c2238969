// Staff sign-in and server-side sessions. The cookie carries a random token; the database keeps
// only its SHA-256 (StaffSession.id), so a leaked table does not hand out sessions. Sessions die
// after `idleMs` without use and `absoluteMs` after sign-in whatever the use; too many attempts
// lock the account for `lockoutMs`.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Db } from "../../store/prisma.js";
import { prismaQueryable, sql } from "../../store/sql.js";
import { hashPassword, needsRehash, verifyPassword } from "../../staff/password-hash.js";
import { MIN_PASSWORD_LENGTH } from "../../staff/staff-accounts.js";
import type { StaffIdentity, StaffRole } from "./types.js";

export interface AuthSettings {
  idleMs: number;
  /** A session ends this long after sign-in even while in use (a stolen cookie does not live for ever). */
  absoluteMs: number;
  maxFailures: number;
  lockoutMs: number;
  /** Served over https (possibly behind a proxy): `Secure` and `__Host-` cookies, HSTS. */
  secureCookies: boolean;
}

export const DEFAULT_AUTH_SETTINGS: AuthSettings = {
  idleMs: 8 * 3_600_000,
  absoluteMs: 12 * 3_600_000,
  maxFailures: 5,
  lockoutMs: 15 * 60_000,
  secureCookies: false,
};

export interface ActiveSession {
  sessionId: string;
  staff: StaffIdentity;
  csrfToken: string;
}

/**
 * Why a sign-in was refused is for the server log only: the person signing in gets the same
 * answer, after the same work, for each reason (issue 13.12).
 */
export type SignInResult =
  | { kind: "ok"; token: string; session: ActiveSession }
  | { kind: "refused"; reason: "unknown-or-locked" | "wrong-password"; lockedNow: boolean };

export type ChangePasswordResult = "changed" | "wrong-password" | "too-short" | "mismatch";

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
const newToken = () => randomBytes(32).toString("base64url");
/** Writing lastSeenAt on every request would turn each page view into a write; a minute is plenty. */
const TOUCH_AFTER_MS = 60_000;

export function tokensEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

interface Reserved {
  id: number;
  email: string;
  role: string;
  password_hash: string;
  locked_now: boolean;
}

export class StaffAuth {
  private dummyHash: Promise<string> | null = null;

  constructor(
    private readonly db: Db,
    readonly settings: AuthSettings,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async signIn(emailInput: string, password: string): Promise<SignInResult> {
    const email = emailInput.trim().toLowerCase();
    const now = this.now();
    const account = email ? await this.reserveAttempt(email, now) : null;
    if (!account) {
      // Unknown, disabled and locked accounts: the same scrypt work as a real check, on a hash
      // made with today's parameters, so neither the answer nor its timing tells them apart.
      await verifyPassword(password, await (this.dummyHash ??= hashPassword(newToken())));
      return { kind: "refused", reason: "unknown-or-locked", lockedNow: false };
    }
    if (!(await verifyPassword(password, account.password_hash))) {
      // The attempt was already counted (and the lock set, at the limit) when it was reserved.
      return { kind: "refused", reason: "wrong-password", lockedNow: account.locked_now };
    }
    const token = newToken();
    const csrfToken = newToken();
    const sessionId = sha256(token);
    // The password is in hand: a hash made with weaker parameters is replaced now (issue 13.13).
    const upgraded = needsRehash(account.password_hash) ? await hashPassword(password) : null;
    await this.db.$transaction([
      this.db.staffAccount.update({
        where: { id: account.id },
        data: { failedLogins: 0, lockedUntil: null, lastLoginAt: now, ...(upgraded ? { passwordHash: upgraded } : {}) },
      }),
      this.db.staffSession.create({ data: { id: sessionId, staffId: account.id, csrfToken, createdAt: now, lastSeenAt: now } }),
      // Expired sessions of this account go when it signs in again; nothing else needs a sweeper.
      this.db.staffSession.deleteMany({
        where: {
          staffId: account.id,
          OR: [
            { lastSeenAt: { lt: new Date(now.getTime() - this.settings.idleMs) } },
            { createdAt: { lt: new Date(now.getTime() - this.settings.absoluteMs) } },
          ],
        },
      }),
    ]);
    return { kind: "ok", token, session: { sessionId, csrfToken, staff: { id: account.id, email: account.email, role: account.role as StaffRole } } };
  }

  /**
   * Counts the attempt before the password is checked, in one conditional UPDATE: parallel
   * guesses queue on the row lock and each sees the count the one before left, so at most
   * `maxFailures` of them get a row back (and a check) before the lock is set (issue 13.2). The
   * attempt that reaches the limit sets the lock itself; a right password then clears it.
   */
  private async reserveAttempt(email: string, now: Date): Promise<Reserved | null> {
    const until = new Date(now.getTime() + this.settings.lockoutMs);
    const max = this.settings.maxFailures;
    const rows = await prismaQueryable(this.db).query<Reserved>(sql`
      UPDATE staff_accounts
         SET failed_logins = CASE WHEN failed_logins + 1 >= ${max}::int THEN 0 ELSE failed_logins + 1 END,
             locked_until  = CASE WHEN failed_logins + 1 >= ${max}::int THEN ${until}::timestamptz ELSE NULL END
       WHERE email = ${email} AND NOT disabled AND (locked_until IS NULL OR locked_until <= ${now}::timestamptz)
      RETURNING id, email, role, password_hash, (locked_until IS NOT NULL) AS locked_now`);
    return rows[0] ?? null;
  }

  async resolve(token: string | null): Promise<ActiveSession | null> {
    if (!token || token.length > 200) return null;
    const id = sha256(token);
    const row = await this.db.staffSession.findUnique({
      where: { id },
      include: { staff: { select: { id: true, email: true, role: true, disabled: true, locale: true } } },
    });
    if (!row || row.staff.disabled) return null;
    const now = this.now();
    if (now.getTime() - row.lastSeenAt.getTime() > this.settings.idleMs || now.getTime() - row.createdAt.getTime() > this.settings.absoluteMs) {
      await this.db.staffSession.deleteMany({ where: { id } });
      return null;
    }
    if (now.getTime() - row.lastSeenAt.getTime() > TOUCH_AFTER_MS) {
      await this.db.staffSession.updateMany({ where: { id }, data: { lastSeenAt: now } });
    }
    return {
      sessionId: id,
      csrfToken: row.csrfToken,
      staff: { id: row.staff.id, email: row.staff.email, role: row.staff.role as StaffRole, locale: row.staff.locale },
    };
  }

  async signOut(token: string | null): Promise<void> {
    if (token) await this.db.staffSession.deleteMany({ where: { id: sha256(token) } });
  }

  /** Other sessions of the account end; the one making the change stays signed in. */
  async changePassword(session: ActiveSession, current: string, next: string, confirm: string): Promise<ChangePasswordResult> {
    if (next !== confirm) return "mismatch";
    if (next.length < MIN_PASSWORD_LENGTH) return "too-short";
    const account = await this.db.staffAccount.findUniqueOrThrow({ where: { id: session.staff.id } });
    if (!(await verifyPassword(current, account.passwordHash))) return "wrong-password";
    const passwordHash = await hashPassword(next);
    await this.db.$transaction([
      this.db.staffAccount.update({ where: { id: account.id }, data: { passwordHash } }),
      this.db.staffSession.deleteMany({ where: { staffId: account.id, id: { not: session.sessionId } } }),
    ]);
    return "changed";
  }
}
