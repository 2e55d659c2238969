// /healthz, /readyz and /metrics on their own port (HEALTH_PORT), so a worker-only process (a
// container or a systemd unit without the web role) has a health check and a metrics endpoint.
// Plain node:http: the worker does not load fastify for three read-only routes.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Health } from "./health.js";
import type { Metrics } from "./metrics.js";

export interface HealthServer {
  url: string;
  close(): Promise<void>;
}

export interface HealthServerDeps {
  health: Health;
  metrics: Metrics;
  refreshMetrics?: () => Promise<void>;
}

/** The same answers as the web role's routes (src/web/routes/health.ts). */
export async function startHealthServer(host: string, port: number, deps: HealthServerDeps): Promise<HealthServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    const json = (code: number, body: unknown) => {
      res.writeHead(code, { "content-type": "application/json; charset=utf-8" });
      res.end(JSON.stringify(body));
    };
    if (req.method !== "GET" && req.method !== "HEAD") return json(405, { error: "only GET is served here" });
    if (path === "/healthz") return json(200, { ok: true });
    if (path === "/readyz") {
      const failing = deps.health.failing();
      return json(failing.length ? 503 : 200, { ready: failing.length === 0, failing });
    }
    if (path === "/metrics") {
      void (async () => {
        await deps.refreshMetrics?.().catch(() => undefined);
        const body = await deps.metrics.registry.metrics();
        res.writeHead(200, { "content-type": deps.metrics.registry.contentType });
        res.end(body);
      })().catch(() => json(500, { error: "metrics unavailable" }));
      return;
    }
    json(404, { error: "not found; this port serves /healthz, /readyz and /metrics" });
  });
  // A health port nobody reads must not hold a slow client's socket open forever.
  server.requestTimeout = 10_000;
  server.headersTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  const shownHost = addr.family === "IPv6" ? `[${addr.address}]` : addr.address;
  return {
    url: `http://${shownHost}:${addr.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
