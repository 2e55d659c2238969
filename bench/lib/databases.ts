// The benchmark's own databases: one migrated template holding the records, and a cheap copy
// of it (CREATE DATABASE ... TEMPLATE) for every run, so runs never see each other's rows.
import pg from "pg";
import { importRecords } from "../../src/store/import-records.js";
import { migrate } from "../../src/store/migrate.js";
import { createDb } from "../../src/store/prisma.js";
import { validateRecords } from "../../src/store/records-file.js";

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin<T>(baseUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: withDatabase(baseUrl, "postgres") });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

export class BenchDatabases {
  private readonly created: string[] = [];
  private template: string | null = null;
  private seq = 0;

  constructor(
    private readonly baseUrl: string,
    private readonly tag: string,
  ) {}

  /** Creates, migrates and fills the template; returns how long the import took (ms). */
  async prepareTemplate(records: unknown): Promise<number> {
    const name = `pinmail_bench_${this.tag}_tpl`;
    await admin(this.baseUrl, (c) => c.query(`CREATE DATABASE ${name}`));
    this.created.push(name);
    const url = withDatabase(this.baseUrl, name);
    await migrate(url);
    const v = validateRecords(records);
    if (!v.ok) throw new Error(`bench records invalid: ${JSON.stringify(v.problems.slice(0, 3))}`);
    const db = createDb(url);
    const t0 = performance.now();
    try {
      await importRecords(db, v.records);
    } finally {
      await db.$disconnect();
    }
    this.template = name;
    return performance.now() - t0;
  }

  /** A fresh copy of the template for one run. */
  async clone(label: string): Promise<string> {
    if (!this.template) throw new Error("prepareTemplate first");
    const name = `pinmail_bench_${this.tag}_${label.replace(/[^a-z0-9]/gi, "").toLowerCase()}${++this.seq}`;
    await admin(this.baseUrl, (c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${this.template}`));
    this.created.push(name);
    return withDatabase(this.baseUrl, name);
  }

  async dropAll(): Promise<void> {
    await admin(this.baseUrl, async (c) => {
      for (const name of this.created.reverse()) await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    });
    this.created.length = 0;
  }
}
