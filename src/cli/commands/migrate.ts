import { loadConfig } from "../../config.js";
import { migrate } from "../../store/migrate.js";
import { UsageError } from "../usage-error.js";

export async function runMigrate(args: string[]): Promise<number> {
  if (args.length) throw new UsageError(`unexpected argument "${args[0]}"`);
  const config = loadConfig(["database"]);
  const r = await migrate(config.DATABASE_URL);
  for (const m of r.applied) console.log(`applied ${m}`);
  console.log(
    r.applied.length
      ? `${r.applied.length} migration(s) applied, ${r.alreadyApplied.length} already applied`
      : `database is up to date (${r.alreadyApplied.length} migration(s) applied)`,
  );
  return 0;
}
