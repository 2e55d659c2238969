// `npm run test:faults`: private PostgreSQL/Redis/Dovecot instances that the tests stop, restart
// and misconfigure, and worker processes killed with SIGKILL. Slow by nature, so kept apart.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/faults/**/*.test.ts"],
    testTimeout: 300_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
