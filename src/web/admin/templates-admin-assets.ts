// The editor's own script and stylesheet, served from memory at fixed paths behind the admin
// guard (only admins load the editor). Same origin, so `script-src 'self'` allows them.
import { readFileSync } from "node:fs";
import type { FastifyInstance } from "fastify";

export const EDITOR_ASSETS = {
  script: "/admin/templates/assets/template-editor.js",
  style: "/admin/templates/assets/templates-admin.css",
  /** CodeMirror 6 bundled by scripts/build-editor.mjs (issue 20). */
  codemirror: "/admin/templates/assets/codemirror.bundle.js",
} as const;

const FILES: Record<string, { type: string; file: string }> = {
  "template-editor.js": { type: "text/javascript; charset=utf-8", file: "template-editor.js" },
  "templates-admin.css": { type: "text/css; charset=utf-8", file: "templates-admin.css" },
  "codemirror.bundle.js": { type: "text/javascript; charset=utf-8", file: "codemirror.bundle.js" },
};

export function templatesAdminAssets(app: FastifyInstance): void {
  const dir = new URL("./assets/", import.meta.url);
  const bodies = new Map(Object.entries(FILES).map(([name, f]) => [name, { type: f.type, body: readFileSync(new URL(f.file, dir)) }]));
  app.get<{ Params: { file: string } }>("/admin/templates/assets/:file", async (req, reply) => {
    const asset = bodies.get(req.params.file);
    if (!asset) return reply.code(404).send({ error: "not_found", message: "no such file" });
    return reply.type(asset.type).header("cache-control", "private, max-age=300").send(asset.body);
  });
}
