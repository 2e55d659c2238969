import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The real-world corpus lives outside the repo (../shared): `npm run test:corpus`.
    // Fault injection runs private servers and kills processes: `npm run test:faults`.
    exclude: [...configDefaults.exclude, "test/corpus/**", "test/faults/**"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration suites share one Redis/PostgreSQL/Dovecot; each uses its own names, but
    // running files one at a time keeps a 2-core machine from timing out under load.
    fileParallelism: false,
  },
});
