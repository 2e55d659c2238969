// Upserts a validated records file in one transaction: all of it or nothing. Set-based, so the
// portal's scale (200,000 users, 20,000 organizations) takes seconds: the file's rows go into
// temporary staging tables in chunks of multi-row statements (`json_to_recordset` of one JSON text per chunk), then one
// `INSERT … ON CONFLICT DO UPDATE … WHERE <something changed>` per table writes only what changed
// and reports what it created and updated; `--prune` is one anti-join per table.
import type pg from "pg";
import type { Db } from "./prisma.js";
import type { RecordsFile } from "./records-file.js";
import { inTransaction, prismaQueryable, sql, Sql, type Queryable } from "./sql.js";

export interface ImportCounts {
  created: number;
  updated: number;
  unchanged: number;
  deactivated: number;
}
export interface ImportReport {
  organizations: ImportCounts;
  branches: ImportCounts;
  users: ImportCounts;
}

export interface ImportProgress {
  /** "staging" while the file's rows are sent, then "organizations", "branches", "users", "prune". */
  stage: string;
  done: number;
  total: number;
}

export interface ImportOptions {
  prune?: boolean;
  onProgress?: (p: ImportProgress) => void;
  /** The whole import's time limit (default 10 minutes); past it, everything is rolled back. */
  timeoutMs?: number;
}

/** An import that could not finish; nothing was written. The message says what to do. */
export class ImportError extends Error {
  constructor(
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = "ImportError";
  }
}

class ImportTimeout extends Error {
  constructor() {
    super("import time limit reached");
  }
}

export const DEFAULT_IMPORT_TIMEOUT_MS = 10 * 60_000;
/** Rows per staging statement: large enough to amortise round trips, small enough for steady progress. */
const CHUNK = 10_000;

const zero = (): ImportCounts => ({ created: 0, updated: 0, unchanged: 0, deactivated: 0 });

interface Changed {
  created: number;
  changed: number;
}

const raw = (text: string) => new Sql([text], []);

async function count(q: Queryable, statement: string): Promise<number> {
  const [row] = await q.query<{ n: bigint | number }>(raw(`WITH w AS (${statement} RETURNING 1) SELECT count(*) AS n FROM w`));
  return Number(row?.n ?? 0);
}

async function upsertCounts(q: Queryable, statement: string): Promise<Changed> {
  // `xmax = 0` holds for a row this statement inserted; an updated row carries the updater's xid.
  const [row] = await q.query<{ created: bigint | number; changed: bigint | number }>(
    raw(`WITH w AS (${statement} RETURNING (xmax = 0) AS inserted) SELECT count(*) FILTER (WHERE inserted) AS created, count(*) AS changed FROM w`),
  );
  return { created: Number(row?.created ?? 0), changed: Number(row?.changed ?? 0) };
}

function counts(total: number, c: Changed): ImportCounts {
  return { created: c.created, updated: c.changed - c.created, unchanged: total - c.changed, deactivated: 0 };
}

async function stage(q: Queryable, table: string, columns: string[], types: string[], rows: unknown[][], progress: (n: number) => void): Promise<void> {
  // One JSON text per chunk: a single string parameter, cheap for the driver to send.
  const shape = columns.map((c, i) => `${c} ${types[i]}`).join(", ");
  const insert = `INSERT INTO ${table} (${columns.join(", ")}) SELECT ${columns.join(", ")} FROM json_to_recordset(`;
  for (let at = 0; at < rows.length; at += CHUNK) {
    const chunk = rows.slice(at, at + CHUNK);
    const json = JSON.stringify(chunk.map((r) => Object.fromEntries(columns.map((c, i) => [c, r[i] ?? null]))));
    await q.query(new Sql([insert, `::json) AS r(${shape})`], [json]));
    progress(chunk.length);
  }
}

/**
 * `target`: a `pg` pool (the CLI: the fastest path for large files) or the Prisma client (tests,
 * the demo); the same statements run in one transaction either way.
 */
export async function importRecords(target: Db | pg.Pool, records: RecordsFile, opts: ImportOptions = {}): Promise<ImportReport> {
  const orgRows = records.organizations.map((o) => [o.ref, o.name]);
  const branchRows = records.organizations.flatMap((o) => o.branches.map((b) => [o.ref, b.ref, b.name]));
  const userRows = records.organizations.flatMap((o) =>
    o.users.map((u) => [
      o.ref,
      u.branch ?? null,
      u.role,
      u.firstName,
      u.lastName,
      u.email,
      u.locale ?? null,
      u.lastSignInAt ? u.lastSignInAt.toISOString() : null,
    ]),
  );
  const totalRows = orgRows.length + branchRows.length + userRows.length;
  let staged = 0;
  const report = (stageName: string, done: number, total: number) => opts.onProgress?.({ stage: stageName, done, total });
  const stagedChunk = (n: number) => {
    staged += n;
    report("staging", staged, totalRows);
  };
  const timeoutMs = opts.timeoutMs ?? DEFAULT_IMPORT_TIMEOUT_MS;

  const deadline = Date.now() + timeoutMs;
  const work = async (tq: Queryable): Promise<ImportReport> => {
    // The limit covers the whole import: checked before each statement, and each statement is
    // bounded by statement_timeout too.
    const q: Queryable = {
      query: (statement) => {
        if (Date.now() > deadline) return Promise.reject(new ImportTimeout());
        return tq.query(statement);
      },
    };
    const result: ImportReport = { organizations: zero(), branches: zero(), users: zero() };
    // The transaction's own limit too, so a slow statement ends with a clear error, not a hang.
    await q.query(raw(`SET LOCAL statement_timeout = ${Math.max(1, Math.round(timeoutMs))}`));
    await q.query(raw("CREATE TEMP TABLE import_orgs (ref text PRIMARY KEY, name text NOT NULL) ON COMMIT DROP"));
    await q.query(raw("CREATE TEMP TABLE import_branches (org_ref text, ref text, name text NOT NULL, PRIMARY KEY (org_ref, ref)) ON COMMIT DROP"));
    await q.query(
      raw(
        "CREATE TEMP TABLE import_users (org_ref text NOT NULL, branch_ref text, role text NOT NULL, first_name text NOT NULL, last_name text NOT NULL, email text PRIMARY KEY, locale text, last_sign_in_at timestamptz(3)) ON COMMIT DROP",
      ),
    );
    report("staging", 0, totalRows);
    await stage(q, "import_orgs", ["ref", "name"], ["text", "text"], orgRows, stagedChunk);
    await stage(q, "import_branches", ["org_ref", "ref", "name"], ["text", "text", "text"], branchRows, stagedChunk);
    await stage(
      q,
      "import_users",
      ["org_ref", "branch_ref", "role", "first_name", "last_name", "email", "locale", "last_sign_in_at"],
      ["text", "text", "text", "text", "text", "text", "text", "timestamptz"],
      userRows,
      stagedChunk,
    );
    // Fresh statistics, so the joins below are hash joins rather than nested loops.
    for (const t of ["import_orgs", "import_branches", "import_users"]) await q.query(raw(`ANALYZE ${t}`));

    report("organizations", 0, orgRows.length);
    result.organizations = counts(
      orgRows.length,
      await upsertCounts(
        q,
        `INSERT INTO organizations AS o (ref, name) SELECT ref, name FROM import_orgs
         ON CONFLICT (ref) DO UPDATE SET name = EXCLUDED.name, active = true, updated_at = now()
         WHERE o.name IS DISTINCT FROM EXCLUDED.name OR NOT o.active`,
      ),
    );
    report("branches", 0, branchRows.length);
    result.branches = counts(
      branchRows.length,
      await upsertCounts(
        q,
        `INSERT INTO branches AS b (organization_id, ref, name)
         SELECT o.id, ib.ref, ib.name FROM import_branches ib JOIN organizations o ON o.ref = ib.org_ref
         ON CONFLICT (organization_id, ref) DO UPDATE SET name = EXCLUDED.name, active = true, updated_at = now()
         WHERE b.name IS DISTINCT FROM EXCLUDED.name OR NOT b.active`,
      ),
    );
    report("users", 0, userRows.length);
    // A later sign-in already stored (from the sign-in feed) wins over an older export.
    result.users = counts(
      userRows.length,
      await upsertCounts(
        q,
        `INSERT INTO portal_users AS u (organization_id, branch_id, role, first_name, last_name, email, locale, last_sign_in_at)
         SELECT o.id, b.id, iu.role, iu.first_name, iu.last_name, iu.email, iu.locale, iu.last_sign_in_at
         FROM import_users iu
         JOIN organizations o ON o.ref = iu.org_ref
         LEFT JOIN branches b ON b.organization_id = o.id AND b.ref = iu.branch_ref
         ON CONFLICT (email) DO UPDATE SET
           organization_id = EXCLUDED.organization_id, branch_id = EXCLUDED.branch_id, role = EXCLUDED.role,
           first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name, locale = EXCLUDED.locale,
           last_sign_in_at = GREATEST(u.last_sign_in_at, EXCLUDED.last_sign_in_at), active = true, updated_at = now()
         WHERE u.organization_id IS DISTINCT FROM EXCLUDED.organization_id
            OR u.branch_id IS DISTINCT FROM EXCLUDED.branch_id
            OR u.role IS DISTINCT FROM EXCLUDED.role
            OR u.first_name IS DISTINCT FROM EXCLUDED.first_name
            OR u.last_name IS DISTINCT FROM EXCLUDED.last_name
            OR u.locale IS DISTINCT FROM EXCLUDED.locale
            OR NOT u.active
            OR (EXCLUDED.last_sign_in_at IS NOT NULL AND (u.last_sign_in_at IS NULL OR EXCLUDED.last_sign_in_at > u.last_sign_in_at))`,
      ),
    );

    if (opts.prune) {
      report("prune", 0, 1);
      result.users.deactivated = await count(
        q,
        "UPDATE portal_users u SET active = false, updated_at = now() WHERE u.active AND NOT EXISTS (SELECT 1 FROM import_users iu WHERE iu.email = u.email)",
      );
      result.organizations.deactivated = await count(
        q,
        "UPDATE organizations o SET active = false, updated_at = now() WHERE o.active AND NOT EXISTS (SELECT 1 FROM import_orgs io WHERE io.ref = o.ref)",
      );
      // Deactivated people's PINs stop working at once.
      await q.query(
        sql`UPDATE pins p SET revoked_at = ${new Date()}, revoked_reason = 'deactivated'
            FROM portal_users u JOIN organizations o ON o.id = u.organization_id
            WHERE p.user_id = u.id AND p.used_at IS NULL AND p.revoked_at IS NULL AND (NOT u.active OR NOT o.active)`,
      );
    }
    return result;
  };
  try {
    if ("$transaction" in target) return await target.$transaction((tx) => work(prismaQueryable(tx)), { timeout: timeoutMs, maxWait: 30_000 });
    return await inTransaction(target, work);
  } catch (err) {
    throw explain(err, timeoutMs);
  }
}

/** Prisma's and PostgreSQL's errors, in words a person running the import can act on. */
function explain(err: unknown, timeoutMs: number): Error {
  const message = (err as Error)?.message ?? String(err);
  const code = (err as { code?: string; meta?: { code?: string } })?.meta?.code ?? (err as { code?: string })?.code;
  const nothing = "Nothing was written (the import is all or nothing).";
  if (
    err instanceof ImportTimeout ||
    /expired transaction|Transaction already closed|timeout|statement_timeout|57014/i.test(message) ||
    code === "P2028" ||
    code === "57014"
  ) {
    return new ImportError(
      `the import did not finish within its time limit (${Math.round(timeoutMs / 1000)} s). ${nothing} ` +
        "Run it again when the database is less busy, or split the file by organizations into several files and import each one (without --prune, which would deactivate everyone missing from a part).",
      err,
    );
  }
  if (/Unable to start a transaction in the given time|P2024|too many clients|remaining connection slots/i.test(message)) {
    return new ImportError(`the database had no free connection for the import. ${nothing} Try again in a moment; check max_connections if it persists.`, err);
  }
  if (/out of memory|53200|could not resize shared memory/i.test(message)) {
    return new ImportError(`the database ran out of memory during the import. ${nothing} Split the file by organizations and import each part.`, err);
  }
  return new ImportError(`the import failed: ${message.split("\n").filter(Boolean).slice(-1)[0] ?? message}. ${nothing}`, err);
}

export function formatImportReport(r: ImportReport): string {
  const line = (label: string, c: ImportCounts) =>
    `${label.padEnd(14)} created ${c.created}, updated ${c.updated}, unchanged ${c.unchanged}, deactivated ${c.deactivated}`;
  return [line("organizations", r.organizations), line("branches", r.branches), line("users", r.users)].join("\n");
}
