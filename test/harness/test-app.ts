// The web app with test defaults for `inject()` tests: a silent logger, fresh health and
// metrics, throwaway secrets. Each test overrides what it is about.
import type { FastifyInstance } from "fastify";
import { DEFAULT_ENROLL_LIMITS } from "../../src/enroll/enroll.js";
import { Health } from "../../src/runtime/health.js";
import { createLogger } from "../../src/runtime/logger.js";
import { createMetrics } from "../../src/runtime/metrics.js";
import type { Db } from "../../src/store/prisma.js";
import { buildApp, type AppDeps } from "../../src/web/build-app.js";
import { TEST_SECRETS } from "./secrets.js";

export function buildTestApp(db: Db, overrides: Partial<AppDeps> = {}): Promise<FastifyInstance> {
  return buildApp({
    db,
    health: new Health(),
    metrics: createMetrics(),
    logger: createLogger("silent"),
    apiToken: TEST_SECRETS.apiToken,
    enroll: { secrets: [TEST_SECRETS.pinSecret], ...DEFAULT_ENROLL_LIMITS },
    ...overrides,
  });
}
