// `npm run build`: compiles src/ (including Prisma's generated client in src/generated/prisma) to
// dist/ with tsc, then copies the files tsc does not emit (the dashboard's CSS and scripts), so
// dist/ is everything a production install runs. dist/ is rebuilt from scratch each time.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, readdirSync, rmSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const SRC = join(ROOT, "src");
// `--out-dir DIR` builds elsewhere (the production-install test builds into its own folder, so it
// never races a developer's dist/).
const outAt = process.argv.indexOf("--out-dir");
const DIST = outAt > 0 && process.argv[outAt + 1] ? resolve(process.argv[outAt + 1]) : join(ROOT, "dist");

if (!existsSync(join(SRC, "generated/prisma/client.ts"))) {
  const g = spawnSync(process.execPath, [join(ROOT, "scripts/generate-client.mjs")], { stdio: "inherit", cwd: ROOT });
  if (g.status !== 0) process.exit(g.status ?? 1);
}
rmSync(DIST, { recursive: true, force: true });
const tsc = spawnSync(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", join(ROOT, "tsconfig.build.json"), "--outDir", DIST], {
  stdio: "inherit",
  cwd: ROOT,
});
if (tsc.status !== 0) {
  console.error("pinmail build: tsc failed (see above); dist/ is incomplete.");
  process.exit(tsc.status ?? 1);
}

let copied = 0;
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (!/\.(ts|mts|cts)$/.test(name)) {
      const to = join(DIST, relative(SRC, path));
      cpSync(path, to);
      copied++;
    }
  }
};
walk(SRC);
console.log(`pinmail build: dist/ written (${copied} asset file(s) copied from src/ to ${relative(ROOT, DIST)}/).`);
