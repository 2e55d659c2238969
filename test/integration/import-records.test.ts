// Bulk import (issue 17): set-based upserts through staging tables, on a plain pg pool (the CLI's
// path) and on the Prisma client (tests, the demo), with the same counts and rules; all or
// nothing, with a message a person can act on when a limit is hit.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { progressReporter } from "../../src/cli/commands/import-records.js";
import { ImportError, importRecords } from "../../src/store/import-records.js";
import { createDb, type Db } from "../../src/store/prisma.js";
import { validateRecords, type RecordsFile } from "../../src/store/records-file.js";
import { createPool, type Pool } from "../../src/store/sql.js";
import { createTestDb, type TestDb } from "../harness/test-db.js";

let t: TestDb;
let db: Db;
let pool: Pool;

beforeAll(async () => {
  t = await createTestDb();
  db = createDb(t.url);
  pool = createPool(t.url, { max: 2 });
});
afterAll(async () => {
  await pool?.end();
  await db?.$disconnect();
  await t?.drop();
});

function records(raw: unknown): RecordsFile {
  const v = validateRecords(raw);
  if (!v.ok) throw new Error(JSON.stringify(v.problems));
  return v.records;
}

const org = (i: number, users: Array<Record<string, unknown>>, branches: Array<{ ref: string; name: string }> = []) => ({
  ref: `org${i}`,
  name: `Org ${i}`,
  branches,
  users,
});
const user = (email: string, extra: Record<string, unknown> = {}) => ({ role: "secondary", firstName: "Ann", lastName: "Lee", email, ...extra });

function bigFile(orgs: number, per: number, rename = -1) {
  return records({
    organizations: Array.from({ length: orgs }, (_, o) =>
      org(
        o,
        Array.from({ length: per }, (_, u) =>
          user(`u${u}@o${o}.test`, {
            role: u === 0 ? "primary" : u === 1 && o % 2 === 0 ? "branch" : "secondary",
            ...(u === 1 && o % 2 === 0 ? { branch: "b1" } : {}),
            lastName: o * per + u === rename ? "Renamed" : "Lee",
          }),
        ),
        o % 2 === 0 ? [{ ref: "b1", name: "Branch one" }] : [],
      ),
    ),
  });
}

describe("importRecords in bulk", () => {
  it("creates, then reports unchanged, then only what changed (pg pool)", async () => {
    const file = bigFile(300, 10);
    const first = await importRecords(pool, file);
    expect(first.organizations).toEqual({ created: 300, updated: 0, unchanged: 0, deactivated: 0 });
    expect(first.branches).toEqual({ created: 150, updated: 0, unchanged: 0, deactivated: 0 });
    expect(first.users).toEqual({ created: 3000, updated: 0, unchanged: 0, deactivated: 0 });
    const branchUser = await db.portalUser.findUniqueOrThrow({ where: { email: "u1@o0.test" }, include: { branch: true, organization: true } });
    expect(branchUser.branch?.ref).toBe("b1");
    expect(branchUser.organization.ref).toBe("org0");

    const again = await importRecords(pool, file);
    expect(again.users).toEqual({ created: 0, updated: 0, unchanged: 3000, deactivated: 0 });
    expect(again.organizations.unchanged).toBe(300);
    expect(again.branches.unchanged).toBe(150);

    const before = await db.portalUser.findUniqueOrThrow({ where: { email: "u5@o7.test" } });
    const changed = await importRecords(pool, bigFile(300, 10, 75));
    expect(changed.users).toEqual({ created: 0, updated: 1, unchanged: 2999, deactivated: 0 });
    const after = await db.portalUser.findUniqueOrThrow({ where: { email: "u5@o7.test" } });
    expect(after.lastName).toBe("Renamed");
    expect(after.updatedAt.getTime()).toBeGreaterThan(before.updatedAt.getTime());
  });

  it("moves a user to another organization, keeps a later stored sign-in, and prunes (Prisma client)", async () => {
    const later = new Date("2026-11-20T10:00:00.123Z");
    const earlier = new Date("2026-01-01T00:00:00.000Z");
    const base = {
      organizations: [
        org(1000, [user("p@a.test", { role: "primary", lastSignInAt: earlier.toISOString() }), user("mover@a.test")]),
        org(1001, [user("p@b.test", { role: "primary" })]),
      ],
    };
    await importRecords(db, records(base));
    await db.portalUser.update({ where: { email: "p@a.test" }, data: { lastSignInAt: later } });
    const moved = {
      organizations: [
        org(1000, [user("p@a.test", { role: "primary", lastSignInAt: earlier.toISOString() })]),
        org(1001, [user("p@b.test", { role: "primary" }), user("mover@a.test", { locale: "fr" })]),
      ],
    };
    const r = await importRecords(db, records(moved));
    expect(r.users).toEqual({ created: 0, updated: 1, unchanged: 2, deactivated: 0 });
    expect((await db.portalUser.findUniqueOrThrow({ where: { email: "p@a.test" } })).lastSignInAt).toEqual(later);
    const mover = await db.portalUser.findUniqueOrThrow({ where: { email: "mover@a.test" }, include: { organization: true } });
    expect(mover.organization.ref).toBe("org1001");
    expect(mover.locale).toBe("fr");

    // A live PIN of someone pruned stops working at once.
    const pb = await db.portalUser.findUniqueOrThrow({ where: { email: "p@b.test" } });
    const pin = await db.pin.create({ data: { userId: pb.id, hash: "x".repeat(64), keyId: "k", expiresAt: new Date(Date.now() + 86_400_000) } });
    const pruned = await importRecords(db, records({ organizations: [org(1000, [user("p@a.test", { role: "primary" })])] }), { prune: true });
    expect(pruned.organizations.deactivated).toBeGreaterThanOrEqual(1);
    expect(pruned.users.deactivated).toBeGreaterThanOrEqual(2);
    expect((await db.organization.findUniqueOrThrow({ where: { ref: "org1001" } })).active).toBe(false);
    expect((await db.portalUser.findUniqueOrThrow({ where: { email: "mover@a.test" } })).active).toBe(false);
    const revoked = await db.pin.findUniqueOrThrow({ where: { id: pin.id } });
    expect(revoked.revokedReason).toBe("deactivated");
    expect(revoked.revokedAt).not.toBeNull();
    // Re-listing reactivates.
    const back = await importRecords(pool, records(base));
    expect(back.organizations.updated).toBe(1);
    expect((await db.portalUser.findUniqueOrThrow({ where: { email: "mover@a.test" } })).active).toBe(true);
  });

  it("writes nothing and says what to do when the time limit is hit", async () => {
    const before = await db.portalUser.count();
    const file = bigFile(50, 10);
    for (const target of [pool, db]) {
      const err = await importRecords(target, records({ organizations: file.organizations.map((o) => ({ ...o, ref: `${o.ref}-late` })) }), {
        timeoutMs: 1,
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ImportError);
      expect((err as Error).message).toMatch(/did not finish within its time limit/);
      expect((err as Error).message).toMatch(/Nothing was written/);
      expect((err as Error).message).toMatch(/split the file by organizations/);
      expect((err as Error).message).not.toMatch(/Transaction API error|at .*\.js/);
    }
    expect(await db.portalUser.count()).toBe(before);
    expect(await db.organization.count({ where: { ref: { endsWith: "-late" } } })).toBe(0);
  });
});

describe("progress on a terminal", () => {
  it("rewrites one line on a TTY and writes nothing otherwise", () => {
    const written: string[] = [];
    const tty = { isTTY: true, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream;
    const p = progressReporter(tty);
    p.update({ stage: "staging", done: 10_000, total: 220_000 });
    p.update({ stage: "staging", done: 220_000, total: 220_000 });
    p.end();
    expect(written.join("")).toContain("10,000 of 220,000");
    expect(written.join("")).toContain("220,000 of 220,000");
    expect(written.every((s) => s.startsWith("\r"))).toBe(true);
    const piped: string[] = [];
    const file = progressReporter({ isTTY: false, write: (s: string) => piped.push(s) } as unknown as NodeJS.WriteStream);
    file.update({ stage: "staging", done: 1, total: 2 });
    file.end();
    expect(piped).toEqual([]);
  });
});
