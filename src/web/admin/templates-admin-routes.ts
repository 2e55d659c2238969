// The template admin as one route group: every page, API route and asset in this scope is
// behind requireStaff('admin') (anonymous: 401 JSON / 303 to /login; support: 403; CSRF on posts).
import type { FastifyInstance } from "fastify";
import { requireStaff } from "../auth/guards.js";
import { templatesAdminAssets } from "./templates-admin-assets.js";
import { templatesApi } from "./templates-api.js";
import { templatesPages } from "./templates-pages.js";
import type { TemplatesAdminWebDeps } from "./templates-admin-web-deps.js";
import { TemplateSandbox } from "../../templates-admin/template-sandbox.js";

export function templatesAdminRoutes(given: TemplatesAdminWebDeps): (app: FastifyInstance) => Promise<void> {
  return async (app) => {
    // Admin-written templates are checked and rendered in a worker thread with a time limit, so a
    // hostile preview cannot hold up the web process (issue 13.13).
    const sandbox = given.sandbox ?? new TemplateSandbox();
    if (!given.sandbox) app.addHook("onClose", async () => sandbox.close());
    const deps = { ...given, sandbox };
    await app.register(async (scope) => {
      scope.addHook("preHandler", requireStaff("admin"));
      templatesAdminAssets(scope);
      templatesApi(scope, deps);
      templatesPages(scope, deps);
    });
  };
}
