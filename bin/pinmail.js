#!/usr/bin/env node
// `pinmail`: in a production install (no src/, or NODE_ENV=production) runs the compiled dist/,
// which needs no development package; in a development checkout runs src/ through tsx, so a test
// or a developer never runs a stale build.
import { existsSync } from "node:fs";

const root = new URL("../", import.meta.url);
const production = process.env.NODE_ENV === "production" || !existsSync(new URL("src/cli/main.ts", root));

if (production) {
  if (!existsSync(new URL("dist/cli/main.js", root))) {
    console.error("pinmail: dist/ is missing; run `npm run build` first (a production install runs the compiled dist/).");
    process.exit(1);
  }
  await import("../dist/cli/main.js");
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import("../src/cli/main.ts");
}
