// The support dashboard: pages and the JSON API behind the same session (support and admin).
// Every page has its /api/ twin, so scripts can read and act on everything staff see. One routes
// file per resource; here only the scope they share: who may call (onRequest, so 401/403 come
// before a body is validated) and the CSRF check (preValidation, once the form is parsed).
import type { FastifyInstance } from "fastify";
import { guardScope } from "../auth/guards.js";
import { failuresRoutes } from "./failures-routes.js";
import { overviewRoutes } from "./overview-routes.js";
import { peopleRoutes } from "./people-routes.js";
import { requestsRoutes } from "./requests-routes.js";
import { reviewRoutes } from "./review-routes.js";
import { supportKit } from "./route-kit.js";
import type { SupportDeps } from "./support-deps.js";

export function supportRoutes(app: FastifyInstance, deps: SupportDeps): void {
  const kit = supportKit(deps);
  app.register(async (scope) => {
    guardScope(scope, "support");
    overviewRoutes(scope, kit);
    requestsRoutes(scope, kit);
    reviewRoutes(scope, kit);
    peopleRoutes(scope, kit);
    failuresRoutes(scope, kit);
  });
}
