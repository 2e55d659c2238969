// The demo's own PIN_SECRET and ENROLLMENT_API_TOKEN: made once with the CSPRNG and kept in a file
// the demo owns (`.services/demo-secrets.env`), next to the local services' data. Fixed demo
// values were public and so refused by config (issue 13.6); a new PIN_SECRET on every run would
// make every PIN the demo already issued unusable, so the file is reused as long as it exists.
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { secretProblem } from "../../core/secret-strength.js";

export const DEMO_SECRET_NAMES = ["PIN_SECRET", "ENROLLMENT_API_TOKEN"] as const;
export type DemoSecrets = Record<(typeof DEMO_SECRET_NAMES)[number], string>;

/** Reads the demo's secrets from `file`, creating it (mode 0600) or filling in a missing or weak value. */
export function loadDemoSecrets(file: string): DemoSecrets {
  const kept = existsSync(file) ? parseEnvLines(readFileSync(file, "utf8")) : {};
  const out = {} as DemoSecrets;
  let changed = !existsSync(file);
  for (const name of DEMO_SECRET_NAMES) {
    const value = kept[name];
    if (value !== undefined && secretProblem(value) === null) out[name] = value;
    else {
      out[name] = randomBytes(48).toString("base64");
      changed = true;
    }
  }
  if (changed) {
    mkdirSync(dirname(file), { recursive: true });
    const body = [
      "# pinmail demo secrets, made once by `pinmail demo` and reused by every later run.",
      "# Deleting this file makes new ones (PINs the demo already issued then stop working).",
      ...DEMO_SECRET_NAMES.map((n) => `${n}=${out[n]}`),
      "",
    ].join("\n");
    writeFileSync(file, body, { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  return out;
}

function parseEnvLines(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}
