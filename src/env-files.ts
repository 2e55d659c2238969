// The settings files pinmail reads besides the process environment: `.env` (the operator's) and
// `.services/env` (written by `bash scripts/services.sh up` in a development checkout). Both are
// lines of `NAME=value`, optionally prefixed with `export`; `#` starts a comment line.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** Where `scripts/services.sh up` writes the local services' settings, relative to a checkout. */
export const SERVICES_ENV_FILE = join(".services", "env");

/**
 * One value as a shell would read it, for the quoting these files use: `'…'` is literal and may be
 * followed by more pieces (services.sh writes a quote as `'\''`), `"…"` loses its quotes, a bare
 * value is kept as it is (spaces inside included, so `MAIL_FROM=PIN Reset <a@b>` works as before).
 */
export function unquoteEnvValue(raw: string): string {
  const v = raw.trim();
  if (v.startsWith("'")) {
    const pieces = /^(?:'[^']*'|\\.)+$/.test(v) ? [...v.matchAll(/'([^']*)'|\\(.)/g)] : null;
    if (pieces) return pieces.map((p) => p[1] ?? p[2] ?? "").join("");
  }
  if (v.length >= 2 && ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'")))) return v.slice(1, -1);
  return v;
}

/** Parses the text of an env file; the last line for a name wins. */
export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split("\n")) {
    const line = raw.trim(); // also a CR of CRLF line ends
    if (line.startsWith("#")) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=(.*)$/.exec(line);
    if (m) out[m[1]!] = unquoteEnvValue(m[2]!);
  }
  return out;
}

/** The settings in `file`, or none when it does not exist. */
export function readEnvFile(file: string): Record<string, string> {
  return existsSync(file) ? parseEnvFile(readFileSync(file, "utf8")) : {};
}

/**
 * The settings of a working directory, first match wins: the process environment, then `.env`,
 * then `.services/env` (so after `npm run demo`, `npx pinmail staff add …` finds the local
 * services without sourcing anything).
 */
export function layeredEnv(cwd: string, env: NodeJS.ProcessEnv): Record<string, string | undefined> {
  return { ...readEnvFile(join(cwd, SERVICES_ENV_FILE)), ...readEnvFile(join(cwd, ".env")), ...env };
}
