// Serves the dashboard's own stylesheet and script from src/web/static (a fixed list: nothing
// else on disk is reachable). No CDN: the dashboard works offline and under `script-src 'self'`.
import { readFileSync } from "node:fs";
import type { FastifyInstance } from "fastify";

const TYPES: Record<string, string> = { css: "text/css; charset=utf-8", js: "text/javascript; charset=utf-8", png: "image/png", svg: "image/svg+xml" };
const FILES = ["dashboard.css", "dashboard.js"];

export function staticAssets(app: FastifyInstance): void {
  const dir = new URL("../static/", import.meta.url);
  const files = new Map(FILES.map((f) => [f, readFileSync(new URL(f, dir))]));
  // Browsers ask for it on every page; an empty answer beats a 404 in every console.
  app.get("/favicon.ico", async (_req, reply) => reply.code(204).header("cache-control", "public, max-age=86400").send());
  app.get<{ Params: { file: string } }>("/static/:file", async (req, reply) => {
    const body = files.get(req.params.file);
    if (!body) return reply.code(404).send({ error: "not_found", message: "no such file" });
    const ext = req.params.file.split(".").pop()!;
    return reply
      .type(TYPES[ext] ?? "application/octet-stream")
      .header("cache-control", "public, max-age=300")
      .send(body);
  });
}
