import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { loadConfig } from "../../config.js";
import { formatImportReport, importRecords } from "../../store/import-records.js";
import { createDb } from "../../store/prisma.js";
import { parseRecordsJson } from "../../store/records-file.js";
import { UsageError } from "../usage-error.js";

export async function runImportRecords(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { prune: { type: "boolean", default: false } }, allowPositionals: true });
  if (positionals.length !== 1) throw new UsageError("expected exactly one records file");
  const path = positionals[0]!;
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new UsageError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const parsed = parseRecordsJson(text);
  if (!parsed.ok) {
    console.error(`${path} is invalid; nothing was written:`);
    for (const p of parsed.problems) console.error(`  ${p.path}: ${p.message}`);
    return 1;
  }
  const config = loadConfig(["database"]);
  const db = createDb(config.DATABASE_URL);
  try {
    const report = await importRecords(db, parsed.records, { prune: values.prune });
    console.log(formatImportReport(report));
    return 0;
  } finally {
    await db.$disconnect();
  }
}
