// The template admin as one route group: every page, API route and asset in this scope is
// behind requireStaff('admin') (anonymous: 401 JSON / 303 to /login; support: 403; CSRF on posts).
import type { FastifyInstance } from "fastify";
import { requireStaff } from "../auth/guards.js";
import { templatesAdminAssets } from "./templates-admin-assets.js";
import { templatesApi } from "./templates-api.js";
import { templatesPages } from "./templates-pages.js";
import type { TemplatesAdminWebDeps } from "./templates-admin-web-deps.js";

export function templatesAdminRoutes(deps: TemplatesAdminWebDeps): (app: FastifyInstance) => Promise<void> {
  return async (app) => {
    await app.register(async (scope) => {
      scope.addHook("preHandler", requireStaff("admin"));
      templatesAdminAssets(scope);
      templatesApi(scope, deps);
      templatesPages(scope, deps);
    });
  };
}
