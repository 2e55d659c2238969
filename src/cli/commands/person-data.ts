// `pinmail export-person <email> --out <file.zip>` and `pinmail erase-person <email> --yes
// --reason <text>` (issue 19). Both work for any address pinmail has mail from, on record or not.
// Exit 0 done, 1 nothing found (or kept by a legal hold), 2 usage error.
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { loadConfig, readEnv } from "../../config.js";
import { createTokenSource } from "../../mailauth/create-token-source.js";
import { erasePerson } from "../../retention/erase-person.js";
import { retentionDeps } from "../../retention/retention-deps.js";
import { exportPerson } from "../../retention/person-data.js";
import { createDb } from "../../store/prisma.js";
import { UsageError } from "../usage-error.js";
import { cliActor, type CliIo } from "./hold.js";

function oneAddress(positionals: string[]): string {
  if (positionals.length !== 1) throw new UsageError(positionals.length ? `unexpected argument "${positionals[1]}"` : "give the person's address");
  return positionals[0]!;
}

export async function runExportPerson(args: string[], io: CliIo = {}): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { out: { type: "string" } }, allowPositionals: true });
  const address = oneAddress(positionals);
  if (!values.out || !/\.zip$/i.test(values.out)) throw new UsageError("--out <file.zip> is required");
  const out = io.out ?? ((t: string) => process.stdout.write(t.endsWith("\n") ? t : `${t}\n`));
  const config = loadConfig(["database"], io.env ?? readEnv());
  const db = createDb(config.DATABASE_URL, { poolSize: 2 });
  try {
    const r = await exportPerson(db, cliActor(), address);
    if (r.kind === "invalid") throw new UsageError(r.message);
    if (r.kind === "not-found") {
      console.error(`pinmail export-person: pinmail holds nothing about ${address}`);
      return 1;
    }
    // Not world-readable: the archive holds personal information.
    writeFileSync(values.out, r.archive, { mode: 0o600 });
    out(`${values.out}: ${r.files} file(s), ${r.archive.length} bytes, everything pinmail holds about ${r.email} (PINs never included).`);
    return 0;
  } finally {
    await db.$disconnect();
  }
}

export async function runErasePerson(args: string[], io: CliIo = {}): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { yes: { type: "boolean", default: false }, reason: { type: "string" } },
    allowPositionals: true,
  });
  const address = oneAddress(positionals);
  if (!values.yes) throw new UsageError("erasure cannot be undone: add --yes to confirm");
  if (!values.reason?.trim()) throw new UsageError("--reason <text> is required (the person's request and its date; no personal details)");
  const out = io.out ?? ((t: string) => process.stdout.write(t.endsWith("\n") ? t : `${t}\n`));
  const env = io.env ?? readEnv();
  const config = loadConfig(["database", "retention"], env);
  // Their mail in the processed and attention folders goes too where pinmail has the mailbox's settings.
  const imap = env["IMAP_HOST"] ? loadConfig(["imap", "mailAuth"], env) : null;
  const db = createDb(config.DATABASE_URL, { poolSize: 2 });
  try {
    const { mailbox } = retentionDeps(db, config, imap, undefined, imap ? createTokenSource(imap) : null);
    const r = await erasePerson(db, cliActor(), address, values.reason, mailbox);
    if (r.kind === "invalid") throw new UsageError(r.message);
    if (r.kind === "not-found") {
      console.error(`pinmail erase-person: pinmail holds no history about ${address}`);
      return 1;
    }
    if (r.kind === "held") {
      console.error(`pinmail erase-person: ${address} is ${r.message}`);
      return 1;
    }
    const x = r.removed;
    out(
      `erased: ${x.requests} request(s), ${x.replies} reply(ies), ${x.pins} PIN history row(s), ${x.reminders} reminder(s), ${x.events} event(s), ${x.enrollmentAttempts} enrollment attempt(s)` +
        (r.mailbox !== null ? `, ${r.mailbox} mailbox message(s)` : imap ? "" : " (mailbox not checked: no IMAP settings)") +
        (r.keptUnderHold ? `; ${r.keptUnderHold} request(s) kept under a legal hold` : ""),
    );
    if (r.mailboxError) {
      console.error(`pinmail erase-person: the database part is done, but the mailbox could not be reached: ${r.mailboxError}`);
      return 1;
    }
    return 0;
  } finally {
    await db.$disconnect();
  }
}
