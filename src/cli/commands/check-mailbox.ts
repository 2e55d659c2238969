// `pinmail check-mailbox [--json] [--send-test <address>]`: the mailbox doctor (issue 16). Reads
// the same settings as the worker and prints one ✓/✗ line per check with what to do; exit 0 when
// every check passed, 1 otherwise.
import { parseArgs } from "node:util";
import { readEnv } from "../../config.js";
import { formatChecklist } from "../../mailbox-check/check-result.js";
import { runMailboxChecks } from "../../mailbox-check/run-checks.js";
import { UsageError } from "../usage-error.js";

export interface CheckMailboxIo {
  env?: Record<string, string | undefined>;
  out?: (text: string) => void;
  sentCopyWaitMs?: number;
}

export async function runCheckMailbox(args: string[], io: CheckMailboxIo = {}): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { json: { type: "boolean", default: false }, "send-test": { type: "string" } },
    allowPositionals: true,
  });
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const to = values["send-test"];
  if (to !== undefined && !/^[^\s@<>]+@[^\s@<>]+$/.test(to)) throw new UsageError(`--send-test ${to}: expected an address such as you@example.org`);
  const results = await runMailboxChecks(io.env ?? readEnv(), { sendTest: to, sentCopyWaitMs: io.sentCopyWaitMs });
  const ok = results.every((r) => r.ok);
  const print = io.out ?? ((t: string) => console.log(t));
  print(values.json ? JSON.stringify({ ok, checks: results }, null, 2) : formatChecklist(results));
  return ok ? 0 : 1;
}
