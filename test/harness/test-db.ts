// A fresh, migrated PostgreSQL database per test file, dropped afterwards.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { migrate } from "../../src/store/migrate.js";
import { serviceEnv } from "./service-env.js";

export interface TestDb {
  url: string;
  name: string;
  drop(): Promise<void>;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function createTestDb(opts: { migrate?: boolean } = {}): Promise<TestDb> {
  const base = serviceEnv()["DATABASE_URL"]!;
  const name = `pinmail_t_${randomBytes(5).toString("hex")}`;
  const admin = new pg.Client({ connectionString: withDatabase(base, "postgres") });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = withDatabase(base, name);
  if (opts.migrate !== false) await migrate(url);
  return {
    url,
    name,
    async drop() {
      const c = new pg.Client({ connectionString: withDatabase(base, "postgres") });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
