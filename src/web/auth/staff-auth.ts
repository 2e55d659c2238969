// Staff sign-in and server-side sessions. The cookie carries a random token; the database keeps
// only its SHA-256 (StaffSession.id), so a leaked table does not hand out sessions. Sessions die
// after `idleMs` without use; repeated wrong passwords lock the account for `lockoutMs`.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Db } from "../../store/prisma.js";
import { hashPassword, verifyPassword } from "../../staff/password-hash.js";
import { MIN_PASSWORD_LENGTH } from "../../staff/staff-accounts.js";
import type { StaffIdentity, StaffRole } from "./types.js";

export interface AuthSettings {
  idleMs: number;
  maxFailures: number;
  lockoutMs: number;
  /** Cookies get `Secure` (the dashboard is served over https, possibly behind a proxy). */
  secureCookies: boolean;
}

export const DEFAULT_AUTH_SETTINGS: AuthSettings = { idleMs: 8 * 3_600_000, maxFailures: 5, lockoutMs: 15 * 60_000, secureCookies: false };

export interface ActiveSession {
  sessionId: string;
  staff: StaffIdentity;
  csrfToken: string;
}

export type SignInResult =
  | { kind: "ok"; token: string; session: ActiveSession }
  | { kind: "invalid" }
  | { kind: "locked"; until: Date };

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

export class StaffAuth {
  private dummyHash: Promise<string> | null = null;

  constructor(
    private readonly db: Db,
    readonly settings: AuthSettings,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async signIn(emailInput: string, password: string): Promise<SignInResult> {
    const email = emailInput.trim().toLowerCase();
    const account = email ? await this.db.staffAccount.findUnique({ where: { email } }) : null;
    if (!account || account.disabled) {
      // Same work as a real check, so response time does not tell which addresses have accounts.
      await verifyPassword(password, await (this.dummyHash ??= hashPassword(newToken())));
      return { kind: "invalid" };
    }
    const now = this.now();
    if (account.lockedUntil && account.lockedUntil > now) return { kind: "locked", until: account.lockedUntil };
    if (!(await verifyPassword(password, account.passwordHash))) {
      const after = await this.db.staffAccount.update({ where: { id: account.id }, data: { failedLogins: { increment: 1 } }, select: { failedLogins: true } });
      if (after.failedLogins >= this.settings.maxFailures) {
        const until = new Date(now.getTime() + this.settings.lockoutMs);
        await this.db.staffAccount.update({ where: { id: account.id }, data: { lockedUntil: until, failedLogins: 0 } });
        return { kind: "locked", until };
      }
      return { kind: "invalid" };
    }
    const token = newToken();
    const csrfToken = newToken();
    const sessionId = sha256(token);
    await this.db.$transaction([
      this.db.staffAccount.update({ where: { id: account.id }, data: { failedLogins: 0, lockedUntil: null, lastLoginAt: now } }),
      this.db.staffSession.create({ data: { id: sessionId, staffId: account.id, csrfToken, createdAt: now, lastSeenAt: now } }),
      // Expired sessions of this account go when it signs in again; nothing else needs a sweeper.
      this.db.staffSession.deleteMany({ where: { staffId: account.id, lastSeenAt: { lt: new Date(now.getTime() - this.settings.idleMs) } } }),
    ]);
    return { kind: "ok", token, session: { sessionId, csrfToken, staff: { id: account.id, email: account.email, role: account.role as StaffRole } } };
  }

  async resolve(token: string | null): Promise<ActiveSession | null> {
    if (!token || token.length > 200) return null;
    const id = sha256(token);
    const row = await this.db.staffSession.findUnique({ where: { id }, include: { staff: { select: { id: true, email: true, role: true, disabled: true } } } });
    if (!row || row.staff.disabled) return null;
    const now = this.now();
    if (now.getTime() - row.lastSeenAt.getTime() > this.settings.idleMs) {
      await this.db.staffSession.deleteMany({ where: { id } });
      return null;
    }
    if (now.getTime() - row.lastSeenAt.getTime() > TOUCH_AFTER_MS) {
      await this.db.staffSession.updateMany({ where: { id }, data: { lastSeenAt: now } });
    }
    return { sessionId: id, csrfToken: row.csrfToken, staff: { id: row.staff.id, email: row.staff.email, role: row.staff.role as StaffRole } };
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
