// The migrations are the only way the schema reaches a database here (Prisma's own migrate
// cannot run offline), so these tests catch a schema.prisma that drifted from them.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../src/store/prisma.js";
import { DEFAULT_MIGRATIONS_DIR, listMigrations, migrate, MigrationDriftError } from "../../src/store/migrate.js";
import { createTestDb, type TestDb } from "../harness/test-db.js";
import { mkdtempSync, cpSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

type Field = { name: string; kind: string; type: string; dbName?: string };
type Model = { fields: Field[]; dbName: string | null };

let t: TestDb;
let db: Db;

beforeAll(async () => {
  t = await createTestDb({ migrate: false });
  db = createDb(t.url);
});
afterAll(async () => {
  await db?.$disconnect();
  await t?.drop();
});

describe("pinmail migrate", () => {
  it("applies every migration once, also when two runs race, recording them as Prisma does", async () => {
    const [a, b] = await Promise.all([migrate(t.url), migrate(t.url)]);
    const all = listMigrations().map((m) => m.name);
    expect([...a.applied, ...b.applied].sort()).toEqual(all);
    const again = await migrate(t.url);
    expect(again).toEqual({ applied: [], alreadyApplied: all });

    const c = new pg.Client({ connectionString: t.url });
    await c.connect();
    const rows = (
      await c.query(`SELECT migration_name, checksum, finished_at, applied_steps_count, rolled_back_at FROM "_prisma_migrations" ORDER BY migration_name`)
    ).rows;
    await c.end();
    expect(rows.map((r) => r.migration_name)).toEqual(all);
    for (const r of rows) {
      const sql = readFileSync(join(DEFAULT_MIGRATIONS_DIR, r.migration_name, "migration.sql"));
      expect(r.checksum).toBe(createHash("sha256").update(sql).digest("hex"));
      expect(r.finished_at).not.toBeNull();
      expect(r.applied_steps_count).toBe(1);
      expect(r.rolled_back_at).toBeNull();
    }
  });

  it("every model and scalar field of the generated client exists in the migrated database", async () => {
    const models = (db as unknown as { _runtimeDataModel: { models: Record<string, Model> } })._runtimeDataModel.models;
    expect(Object.keys(models).length).toBeGreaterThan(5);
    const c = new pg.Client({ connectionString: t.url });
    await c.connect();
    const cols = (await c.query(`SELECT table_name, column_name, is_nullable, column_default FROM information_schema.columns WHERE table_schema = 'public'`))
      .rows as Array<{ table_name: string; column_name: string; is_nullable: string; column_default: string | null }>;
    await c.end();
    const missing: string[] = [];
    const unknown: string[] = [];
    for (const [name, model] of Object.entries(models)) {
      const table = model.dbName ?? name;
      const scalars = model.fields.filter((f) => f.kind === "scalar");
      for (const f of scalars)
        if (!cols.some((c) => c.table_name === table && c.column_name === (f.dbName ?? f.name))) missing.push(`${table}.${f.dbName ?? f.name}`);
      for (const col of cols.filter((c) => c.table_name === table)) {
        if (!scalars.some((f) => (f.dbName ?? f.name) === col.column_name)) unknown.push(`${table}.${col.column_name}`);
      }
      // Reading every scalar through the client proves the types deserialize too.
      const delegate = (db as unknown as Record<string, { findFirst(a: unknown): Promise<unknown> }>)[name[0]!.toLowerCase() + name.slice(1)]!;
      await delegate.findFirst({ select: Object.fromEntries(scalars.map((f) => [f.name, true])) });
    }
    expect(missing, "columns the client expects but the migrations do not create").toEqual([]);
    expect(unknown, "columns the migrations create but schema.prisma does not know").toEqual([]);
  });

  it("refuses to run when an applied migration was edited", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pinmail-mig-"));
    cpSync(DEFAULT_MIGRATIONS_DIR, dir, { recursive: true });
    const first = readdirSync(dir).sort()[0]!;
    writeFileSync(join(dir, first, "migration.sql"), `${readFileSync(join(dir, first, "migration.sql"), "utf8")}\n-- edited\n`);
    await expect(migrate(t.url, dir)).rejects.toBeInstanceOf(MigrationDriftError);
  });
});
