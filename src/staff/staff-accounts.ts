// Staff accounts as the CLI manages them (the dashboard signs them in).
import type { Db } from "../store/prisma.js";
import { hashPassword } from "./password-hash.js";

export type StaffRole = "support" | "admin";
export const STAFF_ROLES: readonly StaffRole[] = ["support", "admin"];
export const MIN_PASSWORD_LENGTH = 12;

export class StaffError extends Error {
  override name = "StaffError";
}

export async function addStaff(db: Db, input: { email: string; role: StaffRole; password: string; resetPassword?: boolean }): Promise<"created" | "reset"> {
  const email = input.email.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new StaffError(`"${input.email}" is not an email address`);
  if (input.password.length < MIN_PASSWORD_LENGTH) throw new StaffError(`the password must have at least ${MIN_PASSWORD_LENGTH} characters`);
  const passwordHash = await hashPassword(input.password);
  const existing = await db.staffAccount.findUnique({ where: { email } });
  if (existing) {
    if (!input.resetPassword) throw new StaffError(`${email} already has an account; add --reset-password to give it a new password`);
    await db.$transaction([
      db.staffAccount.update({ where: { id: existing.id }, data: { passwordHash, role: input.role, disabled: false, failedLogins: 0, lockedUntil: null } }),
      db.staffSession.deleteMany({ where: { staffId: existing.id } }),
    ]);
    return "reset";
  }
  await db.staffAccount.create({ data: { email, role: input.role, passwordHash } });
  return "created";
}

export async function listStaff(db: Db) {
  return db.staffAccount.findMany({ orderBy: { email: "asc" }, select: { email: true, role: true, disabled: true, lastLoginAt: true, createdAt: true } });
}

export async function disableStaff(db: Db, email: string): Promise<void> {
  const e = email.trim().toLowerCase();
  const existing = await db.staffAccount.findUnique({ where: { email: e } });
  if (!existing) throw new StaffError(`no staff account for ${e}`);
  await db.$transaction([
    db.staffAccount.update({ where: { id: existing.id }, data: { disabled: true } }),
    db.staffSession.deleteMany({ where: { staffId: existing.id } }),
  ]);
}
