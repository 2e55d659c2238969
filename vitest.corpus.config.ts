// `npm run test:corpus`: every message of ../shared/corpus/real-world through the real ingest
// path. Kept out of `npm test`, which must work without ../shared.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/corpus/**/*.test.ts"],
    testTimeout: 600_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
