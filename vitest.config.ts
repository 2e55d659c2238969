import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration suites share one Redis/PostgreSQL/Dovecot; each uses its own names, but
    // running files one at a time keeps a 2-core machine from timing out under load.
    fileParallelism: false,
  },
});
