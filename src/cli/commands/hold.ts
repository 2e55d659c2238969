// `pinmail hold <email> --reason <text>`, `pinmail hold --request <reference> --reason <text>`,
// `pinmail unhold <email>`, `pinmail unhold --request <reference>`: legal holds (issue 19).
// Exit 0 done, 1 nothing to act on (no such request, not on hold, already on hold), 2 usage.
import { userInfo } from "node:os";
import { parseArgs } from "node:util";
import { loadConfig, readEnv } from "../../config.js";
import { liftHold, placeHold, type HoldTarget } from "../../retention/holds.js";
import { createDb } from "../../store/prisma.js";
import { UsageError } from "../usage-error.js";

export interface CliIo {
  env?: Record<string, string | undefined>;
  out?: (text: string) => void;
}

/** Who acted, for the audit trail: the operating-system account that ran the command. */
export function cliActor(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return "cli";
  }
}

export async function runHold(mode: "hold" | "unhold", args: string[], io: CliIo = {}): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { request: { type: "string" }, reason: { type: "string" } },
    allowPositionals: true,
  });
  if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}"`);
  const email = positionals[0];
  if (!!email === !!values.request) throw new UsageError("give an address or --request <reference>, not both");
  if (mode === "hold" && !values.reason?.trim()) throw new UsageError("--reason <text> is required (why the data must be kept)");
  if (mode === "unhold" && values.reason !== undefined) throw new UsageError("--reason goes with hold");
  const target: HoldTarget = email ? { email } : { reference: values.request! };
  const out = io.out ?? ((t: string) => process.stdout.write(t.endsWith("\n") ? t : `${t}\n`));
  const config = loadConfig(["database"], io.env ?? readEnv());
  const db = createDb(config.DATABASE_URL, { poolSize: 2 });
  try {
    const r = mode === "hold" ? await placeHold(db, cliActor(), target, values.reason!) : await liftHold(db, cliActor(), target);
    if (r.kind === "invalid") throw new UsageError(r.message);
    if (r.kind !== "ok") {
      console.error(`pinmail ${mode}: ${r.message}`);
      return 1;
    }
    const what = r.hold.email ?? `request ${r.hold.reference}`;
    out(
      mode === "hold"
        ? `${what} is on hold: nothing of it is purged or erased until the hold is lifted.`
        : `${what} is no longer on hold (was: ${r.hold.reason}).`,
    );
    return 0;
  } finally {
    await db.$disconnect();
  }
}
