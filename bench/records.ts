// `npm run bench:records [-- --organizations 20000 --per 10 --compiled]`: `pinmail import-records`
// at the employer portal's scale, as a user runs it (a child process through bin/pinmail.js, or
// the compiled dist/ with --compiled), into a fresh database of its own:
//   1. 200,000 users in 20,000 organizations (a fifth with two branches) into an empty database;
//   2. the same file again (nothing changed);
//   3. the file with 1 % of the users renamed and 1 % moved to another organization.
// Wall time and the process's peak RSS (VmHWM) of each run; targets: < 60 s, < 30 s, < 500 MB.
// Prints one table; nothing is asserted.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createTestDb } from "../test/harness/test-db.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const { values } = parseArgs({
  options: { organizations: { type: "string", default: "20000" }, per: { type: "string", default: "10" }, compiled: { type: "boolean", default: false } },
});
const ORGS = Number(values.organizations);
const PER = Number(values.per);
const FIRST = ["Amelie", "Benoit", "Celine", "Damien", "Estelle", "Florent", "Helene", "Ismael", "Josee", "Karim", "Louise", "Martin"];
const LAST = ["Archambault", "Boucher", "Cote", "Dufour", "Fournier", "Gagne", "Lapointe", "Mercier", "Ouellet", "Paquette"];

function records(variant: "base" | "changed") {
  const organizations = [];
  for (let o = 0; o < ORGS; o++) {
    const branches =
      o % 5 === 0
        ? [
            { ref: `b${o}-1`, name: "Toronto" },
            { ref: `b${o}-2`, name: "Montreal" },
          ]
        : [];
    const users = [];
    for (let u = 0; u < PER; u++) {
      const k = o * PER + u;
      const moved = variant === "changed" && k % 100 === 55 && u > 1;
      const renamed = variant === "changed" && k % 100 === 7;
      const user: Record<string, unknown> = {
        role: u === 0 ? "primary" : branches.length && u === 1 ? "branch" : "secondary",
        firstName: FIRST[k % FIRST.length],
        lastName: `${LAST[(k >> 3) % LAST.length]}${renamed ? "-Roy" : ""}`,
        email: `u${u}@org${o}.bench.test`,
        lastSignInAt: k % 3 === 0 ? null : new Date(Date.UTC(2026, 0, 1) + (k % 700) * 86_400_000).toISOString(),
      };
      if (k % 4 === 0) user["locale"] = k % 8 === 0 ? "fr" : "en";
      if (user["role"] === "branch") user["branch"] = `b${o}-1`;
      if (moved) continue; // moved: listed under the next organization instead
      users.push(user);
    }
    if (variant === "changed" && o > 0) {
      // the users moved out of the previous organization arrive here
      for (let u = 1; u < PER; u++) {
        const k = (o - 1) * PER + u;
        if (k % 100 === 55 && u > 1) {
          users.push({
            role: "secondary",
            firstName: FIRST[k % FIRST.length],
            lastName: LAST[(k >> 3) % LAST.length],
            email: `u${u}@org${o - 1}.bench.test`,
            lastSignInAt: null,
          });
        }
      }
    }
    organizations.push({ ref: `org${o}`, name: `Organization ${o} Ltd.`, branches, users });
  }
  return { organizations };
}

interface Run {
  ms: number;
  peakMiB: number;
  code: number | null;
  out: string;
  err: string;
}

function runImport(file: string, databaseUrl: string): Promise<Run> {
  const entry = values.compiled ? [join(ROOT, "dist/cli/main.js")] : [join(ROOT, "bin/pinmail.js")];
  const t0 = performance.now();
  const child = spawn(process.execPath, [...entry, "import-records", file], {
    env: { PATH: process.env["PATH"] ?? "", DATABASE_URL: databaseUrl },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (err += d));
  let peakKiB = 0;
  // VmHWM is the kernel's high-water mark of the resident set: the last read is the peak so far.
  const poll = setInterval(() => {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"));
      if (m) peakKiB = Math.max(peakKiB, Number(m[1]));
    } catch {
      // exited
    }
  }, 20);
  return new Promise((resolve) =>
    child.on("exit", (code) => {
      clearInterval(poll);
      resolve({ ms: performance.now() - t0, peakMiB: peakKiB / 1024, code, out, err });
    }),
  );
}

const dir = mkdtempSync(join(tmpdir(), "pinmail-bench-records-"));
const db = await createTestDb();
const rows: string[][] = [];
try {
  const base = join(dir, "records.json");
  const changed = join(dir, "records-changed.json");
  writeFileSync(base, JSON.stringify(records("base")));
  writeFileSync(changed, JSON.stringify(records("changed")));
  const users = ORGS * PER;
  console.log(
    `records: ${ORGS.toLocaleString("en-US")} organizations, ${users.toLocaleString("en-US")} users, ${(statSync(base).size / 1024 / 1024).toFixed(1)} MB of JSON; running ${values.compiled ? "dist/ (compiled)" : "bin/pinmail.js (tsx)"}`,
  );
  const plan: Array<[string, string, string, number]> = [
    ["import into an empty database", base, "< 60 s", 60_000],
    ["re-import, unchanged", base, "< 30 s", 30_000],
    ["re-import, 1 % renamed + 1 % moved", changed, "", 0],
  ];
  for (const [label, file, target, limitMs] of plan) {
    const r = await runImport(file, db.url);
    if (r.code !== 0) throw new Error(`${label}: exit ${r.code}\n${r.out}\n${r.err}`);
    const users = /users\s+(created \d+, updated \d+, unchanged \d+)/.exec(r.out)?.[1] ?? "?";
    rows.push([
      label,
      `${(r.ms / 1000).toFixed(1)} s`,
      `${r.peakMiB.toFixed(0)} MiB`,
      users,
      target ? `${target}, < 500 MB: ${r.ms < limitMs && r.peakMiB < 500 ? "met" : "MISSED"}` : r.peakMiB < 500 ? "< 500 MB: met" : "< 500 MB: MISSED",
    ]);
  }
  const head = ["run", "wall time", "peak RSS", "users", "target"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  console.log([line(head), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.map(line)].join("\n"));
} finally {
  await db.drop();
  rmSync(dir, { recursive: true, force: true });
}
