// The URLs of the local services that `scripts/services.sh up` started or found (.services/env of
// this checkout; the file's format is described in the script's header).
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseEnvFile } from "../../src/env-files.js";

export const SERVICES_ENV_PATH = fileURLToPath(new URL("../../.services/env", import.meta.url));

export function serviceEnv(): Record<string, string> {
  if (!existsSync(SERVICES_ENV_PATH)) {
    throw new Error(`${SERVICES_ENV_PATH} is missing: run \`bash scripts/services.sh up\` (npm test does it for you)`);
  }
  return parseEnvFile(readFileSync(SERVICES_ENV_PATH, "utf8"));
}
