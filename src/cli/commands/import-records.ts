import { readFileSync, statSync } from "node:fs";
import { parseArgs } from "node:util";
import { loadConfig } from "../../config.js";
import { formatImportReport, importRecords, type ImportProgress } from "../../store/import-records.js";
import { createPool } from "../../store/sql.js";
import { parseRecordsJson } from "../../store/records-file.js";
import { UsageError } from "../usage-error.js";

/** V8 cannot hold a longer string than ~512 MiB, so JSON.parse cannot read a larger file. */
const MAX_FILE_BYTES = 500 * 1024 * 1024;

const n = (v: number) => v.toLocaleString("en-US");

/** A progress line rewritten in place on a terminal; nothing when stderr is a file or a pipe (the summary line says it all). */
export function progressReporter(stream: NodeJS.WriteStream): { update(p: ImportProgress): void; end(): void } {
  if (!stream.isTTY) return { update: () => undefined, end: () => undefined };
  let last = 0;
  let shown = false;
  return {
    update(p) {
      const now = Date.now();
      if (now - last < 100 && p.done !== p.total) return;
      last = now;
      shown = true;
      const what =
        p.stage === "staging"
          ? `reading rows into the database: ${n(p.done)} of ${n(p.total)}`
          : p.stage === "prune"
            ? "deactivating what is missing from the file"
            : `writing ${p.stage}`;
      stream.write(`\r\x1b[2K${what}…`);
    },
    end() {
      if (shown) stream.write("\r\x1b[2K");
    },
  };
}

export async function runImportRecords(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { prune: { type: "boolean", default: false } }, allowPositionals: true });
  if (positionals.length !== 1) throw new UsageError("expected exactly one records file");
  const path = positionals[0]!;
  let text: string;
  try {
    const size = statSync(path).size;
    if (size > MAX_FILE_BYTES) {
      console.error(
        `${path} is ${Math.round(size / 1024 / 1024)} MB; a records file can be at most ${MAX_FILE_BYTES / 1024 / 1024} MB. Nothing was written. ` +
          "Split it by organizations into several files and import each one (without --prune, which would deactivate everyone missing from a part).",
      );
      return 1;
    }
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new UsageError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const started = Date.now();
  const parsed = parseRecordsJson(text);
  if (!parsed.ok) {
    console.error(`${path} is invalid; nothing was written:`);
    for (const p of parsed.problems) console.error(`  ${p.path}: ${p.message}`);
    return 1;
  }
  const config = loadConfig(["database"]);
  // A plain pg connection: the bulk statements carry megabytes of parameters, which Prisma's
  // client would re-serialise.
  const pool = createPool(config.DATABASE_URL, { max: 1 });
  const progress = progressReporter(process.stderr);
  try {
    const report = await importRecords(pool, parsed.records, { prune: values.prune, onProgress: (p) => progress.update(p) });
    progress.end();
    console.log(formatImportReport(report));
    const users = report.users.created + report.users.updated + report.users.unchanged;
    const orgs = report.organizations.created + report.organizations.updated + report.organizations.unchanged;
    console.log(`imported ${n(orgs)} organization(s) and ${n(users)} user(s) from ${path} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return 0;
  } finally {
    progress.end();
    await pool.end();
  }
}
