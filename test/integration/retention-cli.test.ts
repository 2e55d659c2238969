// `pinmail retention`, `pinmail hold` and `pinmail unhold` as an operator runs them: a real
// process against a real database, a controlled date (--at), exit codes 0 and 1 (usage errors,
// exit 2, are tested in test/unit/cli/retention-args.test.ts without a process each) (issue 19).
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../src/store/prisma.js";
import { createTestDb, type TestDb } from "../harness/test-db.js";
import { seedRequest } from "../harness/retention-seed.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
let t: TestDb;
let db: Db;
let dir: string;

function pinmail(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [join(ROOT, "bin/pinmail.js"), ...args], {
    env: { PATH: process.env["PATH"] ?? "", DATABASE_URL: t.url, ...env },
    encoding: "utf8",
    cwd: dir,
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(async () => {
  t = await createTestDb();
  db = createDb(t.url);
  dir = mkdtempSync(join(tmpdir(), "pinmail-retention-cli-"));
});
afterAll(async () => {
  await db?.$disconnect();
  await t?.drop();
});

describe("pinmail retention / hold / unhold", () => {
  it("holds, previews, runs as of a date, and prints one line per kind or the JSON counts", async () => {
    // Seeded relative to 2027-06-15 (retention-seed's TODAY); --at uses the same day.
    const old = await seedRequest(db, "old@example.test", 800);
    const kept = await seedRequest(db, "held@example.test", 800);
    const recent = await seedRequest(db, "recent@example.test", 100);

    expect(pinmail(["hold", "--request", "RQ-NOPE", "--reason", "x"]).code).toBe(1);
    const held = pinmail(["hold", "Held@Example.test", "--reason", "access request ATIP-7"]);
    expect(held.code, held.err).toBe(0);
    expect(held.out).toMatch(/held@example\.test is on hold/);

    const dry = pinmail(["retention", "--dry-run", "--at", "2027-06-15", "--json"], { RAW_MAIL_RETENTION_DAYS: "90" });
    expect(dry.code, dry.err).toBe(0);
    expect(JSON.parse(dry.out)).toEqual({ at: "2027-06-15T06:30:00.000Z", rawMail: 2, records: 1, mailbox: null, held: 2 });
    const lines = pinmail(["retention", "--dry-run", "--at", "2027-06-15"], { RAW_MAIL_RETENTION_DAYS: "90" });
    expect(lines.code, lines.err).toBe(0);
    expect(lines.out.trim().split("\n")).toEqual([
      "raw mail: 2 requests would be removed (source, parsed text and reply bodies of closed requests that arrived more than 90 days ago)",
      "records: 1 person's history would be removed (no activity for more than 730 days)",
      "mailbox: not checked (no IMAP settings)",
      "held: 2 items kept under a legal hold",
    ]);
    // Nothing changed by the dry runs.
    expect(await db.inboundRequest.count({ where: { rawPurgedAt: { not: null } } })).toBe(0);

    const run = pinmail(["retention", "--run", "--at", "2027-06-15", "--json"], { RAW_MAIL_RETENTION_DAYS: "90" });
    expect(run.code, run.err).toBe(0);
    expect(JSON.parse(run.out)).toMatchObject({ rawMail: 2, records: 1, held: 2 });
    expect(await db.inboundRequest.count({ where: { id: old.id } })).toBe(0);
    expect((await db.inboundRequest.findUniqueOrThrow({ where: { id: kept.id } })).rawPurgedAt).toBeNull();
    expect((await db.inboundRequest.findUniqueOrThrow({ where: { id: recent.id } })).rawPurgedAt).not.toBeNull();
    expect(await db.auditEvent.count({ where: { type: "retention-purge" } })).toBe(1);

    const un = pinmail(["unhold", "held@example.test"]);
    expect(un.code, un.err).toBe(0);
    expect(await db.legalHold.count()).toBe(0);
  }, 120_000);
});
