// Open routes: liveness, readiness (which parts are failing), Prometheus metrics.
import type { FastifyInstance } from "fastify";
import type { Health } from "../../runtime/health.js";
import type { Metrics } from "../../runtime/metrics.js";

export function healthRoutes(app: FastifyInstance, deps: { health: Health; metrics: Metrics; refreshMetrics?: () => Promise<void> }): void {
  app.get("/healthz", async () => ({ ok: true }));
  app.get("/readyz", async (_req, reply) => {
    const failing = deps.health.failing();
    if (failing.length) return reply.code(503).send({ ready: false, failing });
    return { ready: true, failing: [] };
  });
  app.get("/metrics", async (_req, reply) => {
    await deps.refreshMetrics?.().catch(() => undefined);
    reply.header("content-type", deps.metrics.registry.contentType);
    return deps.metrics.registry.metrics();
  });
}
