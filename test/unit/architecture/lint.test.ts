// The formatter and linter hold for the whole tree (biome.json): one quote style, one line width,
// Biome's recommended rules. Biome is a native binary and needs no TypeScript compiler API.
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../../..");
const BIOME = resolve(ROOT, "node_modules/.bin/biome");

describe("biome check", () => {
  it("finds no formatting difference and no lint error (`npm run lint` shows them; `npx biome check --write .` fixes most)", () => {
    const r = spawnSync(BIOME, ["check", "--diagnostic-level=error", "--max-diagnostics=20", "--colors=off", "."], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(r.error).toBeUndefined();
    expect({ status: r.status, output: r.status === 0 ? "" : `${r.stdout}\n${r.stderr}` }).toEqual({ status: 0, output: "" });
  });
});
