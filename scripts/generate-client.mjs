// Runs `prisma generate` without network access: Prisma's CLI insists on a schema-engine binary
// even though generate never uses it, so we point it at an existing file.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

// A production install (`npm ci --omit=dev`) has no Prisma CLI and needs none: the client is
// compiled into dist/generated/prisma by `npm run build`.
if (!existsSync("node_modules/prisma/build/index.js")) {
  console.log("pinmail: the Prisma CLI is not installed (production install); using the client built into dist/.");
  process.exit(0);
}

const env = { ...process.env };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY || !existsSync(env.PRISMA_SCHEMA_ENGINE_BINARY)) {
  env.PRISMA_SCHEMA_ENGINE_BINARY = "/bin/false";
}
env.PRISMA_HIDE_UPDATE_MESSAGE = "1";
const r = spawnSync(process.execPath, ["node_modules/prisma/build/index.js", "generate"], { stdio: "inherit", env });
if (r.status !== 0) {
  console.error("pinmail: `prisma generate` failed; the Prisma client in src/generated/ is missing or stale.");
  process.exit(r.status ?? 1);
}
