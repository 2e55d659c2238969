import { parseArgs } from "node:util";
import { loadConfig } from "../../config.js";
import { generatePassword } from "../../staff/password-hash.js";
import { addStaff, disableStaff, listStaff, STAFF_ROLES, StaffError, type StaffRole } from "../../staff/staff-accounts.js";
import { createDb } from "../../store/prisma.js";
import { UsageError } from "../usage-error.js";

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
}

export async function runStaff(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    options: { role: { type: "string" }, "reset-password": { type: "boolean", default: false } },
    allowPositionals: true,
  });
  if (sub === "add") {
    if (positionals.length !== 1) throw new UsageError("expected one email address");
    if (!values.role || !STAFF_ROLES.includes(values.role as StaffRole)) throw new UsageError("--role must be support or admin");
  } else if (sub === "disable") {
    if (positionals.length !== 1) throw new UsageError("expected one email address");
  } else if (sub !== "list") throw new UsageError(sub ? `unknown subcommand "${sub}"` : "expected add, list or disable");

  const db = createDb(loadConfig(["database"]).DATABASE_URL);
  try {
    if (sub === "list") {
      const rows = await listStaff(db);
      if (!rows.length) console.log("no staff accounts; create the first admin with: pinmail staff add <email> --role admin");
      for (const r of rows)
        console.log(`${r.email}\t${r.role}\t${r.disabled ? "disabled" : "active"}\tlast sign-in ${r.lastLoginAt?.toISOString() ?? "never"}`);
      return 0;
    }
    if (sub === "disable") {
      await disableStaff(db, positionals[0]!);
      console.log(`disabled ${positionals[0]!.toLowerCase()}; their sessions were ended`);
      return 0;
    }
    const generated = process.stdin.isTTY ? generatePassword() : null;
    const password = generated ?? (await readStdin());
    const result = await addStaff(db, { email: positionals[0]!, role: values.role as StaffRole, password, resetPassword: values["reset-password"] });
    console.log(`${result === "created" ? "created" : "reset the password of"} ${positionals[0]!.toLowerCase()} (${values.role})`);
    if (generated) console.log(`password (shown once): ${generated}`);
    return 0;
  } catch (err) {
    if (err instanceof StaffError) {
      console.error(`pinmail staff: ${err.message}`);
      return 1;
    }
    throw err;
  } finally {
    await db.$disconnect();
  }
}
