// The `pinmail` command as a user runs it (through bin/pinmail.js): a real process, a real database.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../src/store/prisma.js";
import { createTestDb, type TestDb } from "../harness/test-db.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const EXAMPLE = join(ROOT, "examples/records.json");
let t: TestDb;
let db: Db;
let dir: string;

function pinmail(args: string[], opts: { env?: Record<string, string>; input?: string } = {}) {
  const r = spawnSync(process.execPath, [join(ROOT, "bin/pinmail.js"), ...args], {
    // A bare environment: only what the test gives (PATH for tsx), nothing from the shell.
    env: { PATH: process.env["PATH"] ?? "", ...opts.env },
    input: opts.input ?? "",
    encoding: "utf8",
    cwd: dir,
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(async () => {
  t = await createTestDb({ migrate: false });
  db = createDb(t.url);
  dir = mkdtempSync(join(tmpdir(), "pinmail-cli-"));
});
afterAll(async () => {
  await db?.$disconnect();
  await t?.drop();
});

const counts = async () => ({
  orgs: await db.organization.count(),
  users: await db.portalUser.count(),
  branches: await db.branch.count(),
});

describe("pinmail CLI", () => {
  it("prints usage and per-command help; usage errors exit 2", () => {
    expect(pinmail(["--help"]).out).toContain("import-records");
    const help = pinmail(["import-records", "--help"]);
    expect(help.code).toBe(0);
    expect(help.out).toContain("--prune");
    expect(pinmail(["frobnicate"]).code).toBe(2);
    expect(pinmail(["import-records"], { env: { DATABASE_URL: t.url } }).code).toBe(2);
  });

  it("migrates an empty database, imports the example, and reports nothing changed the second time", () => {
    const m = pinmail(["migrate"], { env: { DATABASE_URL: t.url } });
    expect(m.code, m.err).toBe(0);
    expect(m.out).toMatch(/migration\(s\) applied/);
    const first = pinmail(["import-records", EXAMPLE], { env: { DATABASE_URL: t.url } });
    expect(first.code, first.err).toBe(0);
    expect(first.out).toMatch(/users\s+created 7, updated 0, unchanged 0/);
    const second = pinmail(["import-records", EXAMPLE], { env: { DATABASE_URL: t.url } });
    expect(second.out).toMatch(/organizations\s+created 0, updated 0, unchanged 2/);
    expect(second.out).toMatch(/users\s+created 0, updated 0, unchanged 7/);
  });

  it.each([
    [
      "a duplicate email",
      {
        organizations: [
          {
            ref: "a",
            name: "A",
            users: [
              { role: "primary", firstName: "A", lastName: "B", email: "x@a.example" },
              { role: "secondary", firstName: "C", lastName: "D", email: "X@a.example" },
            ],
          },
        ],
      },
      "duplicate email",
    ],
    [
      "two primaries",
      {
        organizations: [
          {
            ref: "a",
            name: "A",
            users: [
              { role: "primary", firstName: "A", lastName: "B", email: "x@a.example" },
              { role: "primary", firstName: "C", lastName: "D", email: "y@a.example" },
            ],
          },
        ],
      },
      "exactly one primary",
    ],
    [
      "an unknown branch",
      {
        organizations: [
          {
            ref: "a",
            name: "A",
            users: [
              { role: "primary", firstName: "A", lastName: "B", email: "x@a.example" },
              { role: "branch", firstName: "C", lastName: "D", email: "y@a.example", branch: "zz" },
            ],
          },
        ],
      },
      "unknown branch",
    ],
    ["malformed JSON", "{ organizations: [", "malformed JSON"],
  ])("rejects %s, names the problem and writes nothing", async (_label, content, message) => {
    const before = await counts();
    const file = join(dir, "bad.json");
    writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
    const r = pinmail(["import-records", file], { env: { DATABASE_URL: t.url } });
    expect(r.code).toBe(1);
    expect(r.err).toContain(message);
    expect(await counts()).toEqual(before);
  });

  it("keeps a later stored sign-in, and --prune deactivates without deleting", async () => {
    const later = new Date("2026-11-20T10:00:00Z");
    await db.portalUser.update({ where: { email: "jean.tremblay@northwind.example" }, data: { lastSignInAt: later } });
    pinmail(["import-records", EXAMPLE], { env: { DATABASE_URL: t.url } });
    expect((await db.portalUser.findUniqueOrThrow({ where: { email: "jean.tremblay@northwind.example" } })).lastSignInAt).toEqual(later);

    const only = {
      organizations: [
        {
          ref: "northwind",
          name: "Northwind Freight Ltd.",
          users: [{ role: "primary", firstName: "Jean", lastName: "Tremblay", email: "jean.tremblay@northwind.example", locale: "fr" }],
        },
      ],
    };
    const file = join(dir, "only.json");
    writeFileSync(file, JSON.stringify(only));
    const r = pinmail(["import-records", file, "--prune"], { env: { DATABASE_URL: t.url } });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/users\s+created 0, updated \d+, unchanged \d+, deactivated 6/);
    expect(await db.portalUser.count()).toBe(7);
    expect(await db.portalUser.count({ where: { active: true } })).toBe(1);
    expect((await db.organization.findUniqueOrThrow({ where: { ref: "boulangerie-gagnon" } })).active).toBe(false);
  });

  it("reports every configuration problem together and exits non-zero", () => {
    const r = pinmail(["start"], { env: { PIN_SECRET: "too-short" } });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/PIN_SECRET: too short/);
    expect(r.err).toMatch(/REDIS_URL: missing/);
    expect(r.err).toMatch(/DATABASE_URL: missing/);
  });

  it("manages staff accounts", async () => {
    const env = { DATABASE_URL: t.url };
    const add = pinmail(["staff", "add", "Ana@Support.example", "--role", "admin"], { env, input: "correct horse battery\n" });
    expect(add.code, add.err).toBe(0);
    expect(pinmail(["staff", "add", "ana@support.example", "--role", "admin"], { env, input: "another password!!" }).code).toBe(1);
    const reset = pinmail(["staff", "add", "ana@support.example", "--role", "support", "--reset-password"], { env, input: "another password!!" });
    expect(reset.code, reset.err).toBe(0);
    expect(pinmail(["staff", "add", "bo@support.example", "--role", "boss"], { env }).code).toBe(2);
    expect(pinmail(["staff", "list"], { env }).out).toMatch(/ana@support\.example\tsupport\tactive/);
    expect(pinmail(["staff", "disable", "ana@support.example"], { env }).code).toBe(0);
    const row = await db.staffAccount.findUniqueOrThrow({ where: { email: "ana@support.example" } });
    expect(row.disabled).toBe(true);
    expect(row.passwordHash).toMatch(/^scrypt\$/);
    expect(row.passwordHash).not.toContain("another password");
  });
});
