// The HTTP app, built from its dependencies and listened on elsewhere (tests use inject()).
import Fastify, { type FastifyInstance } from "fastify";
import type { Db } from "../store/prisma.js";
import type { Health } from "../runtime/health.js";
import type { Metrics } from "../runtime/metrics.js";
import type { Logger } from "../runtime/logger.js";
import type { EnrollSettings } from "../enroll/enroll.js";
import { healthRoutes } from "./routes/health.js";
import { enrollmentRoutes } from "./routes/enrollments.js";
import { signInRoutes } from "./routes/sign-ins.js";
import { authRoutes } from "./auth/plugin.js";
import { atRiskRoutes } from "./support/at-risk.js";
import type { AuthSettings } from "./auth/staff-auth.js";
import { templatesAdminRoutes } from "./admin/templates-admin-routes.js";
import type { TemplatesAdminWebDeps } from "./admin/templates-admin-web-deps.js";
import { supportRoutes } from "./support/support-routes.js";
import { alertsRoutes } from "./alerts/alerts-routes.js";
import { dataRoutes } from "./support/data-routes.js";
import { queueBoard } from "./support/queue-board.js";
import { requestLocale } from "./i18n/request-locale.js";
import type { StaffLocale } from "./i18n/locale.js";
import type { SupportDeps } from "./support/support-deps.js";
import { setStaffTimeZone } from "./views/staff-clock.js";
import { collectApiRoutes, openApiRoute } from "./api/openapi.js";
import { answerInvalidRequest, isValidationError, schemaErrorFormatter } from "./api/invalid-request.js";
import { answerNotFound } from "./api/not-found.js";

export interface AppDeps {
  db: Db;
  health: Health;
  metrics: Metrics;
  logger: Logger;
  apiToken: string;
  enroll: EnrollSettings;
  /** Proxies whose X-Forwarded-For is believed (TRUSTED_PROXIES: addresses or CIDR ranges); none by default. */
  trustProxy?: boolean | string[];
  refreshMetrics?: () => Promise<void>;
  /** Staff sign-in: session idle time, lockout, Secure cookies (WEB_PUBLIC_URL https). */
  auth?: Partial<AuthSettings>;
  /** The clock for sessions and due dates (tests move it). */
  now?: () => Date;
  /** Template admin (pages under /admin/templates, API under /api/templates; admins only). */
  templates?: TemplatesAdminWebDeps;
  /** Support dashboard (overview, requests, people, review, failures; support and admin) and the admin queue view. */
  dashboard?: SupportDeps;
  /** Where alerts go, in words, for the Alerts page (issue 18). */
  alertChannels?: string;
  /** Language of the staff pages for accounts that chose none, and of the sign-in page (STAFF_LOCALE; issue 20). */
  staffLocale?: StaffLocale;
  /** The one clock of the staff pages (STAFF_TIMEZONE; issue 20); America/Toronto by default. */
  staffTimeZone?: string;
  /** Further route groups (dashboard, template admin, sign-in feed) register themselves here. */
  plugins?: Array<(app: FastifyInstance) => void | Promise<void>>;
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, trustProxy: deps.trustProxy ?? false, bodyLimit: 1_048_576, schemaErrorFormatter });
  // Before any route: every /api/ route with a schema goes into /api/openapi.json.
  const apiRoutes = collectApiRoutes(app);
  app.setErrorHandler((err: Error & { statusCode?: number }, req, reply) => {
    if (isValidationError(err)) return answerInvalidRequest(err, req, reply);
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500) deps.logger.error({ err: err.message, stack: err.stack, url: req.url }, "request failed");
    const message = status === 500 ? "internal error; see the server log" : err.message;
    return reply.code(status).send({ error: status === 400 ? "bad_request" : status === 500 ? "internal" : "error", message });
  });
  requestLocale(app, deps.staffLocale ?? "en");
  app.setNotFoundHandler(answerNotFound);
  setStaffTimeZone(deps.staffTimeZone);
  healthRoutes(app, { health: deps.health, metrics: deps.metrics, refreshMetrics: deps.refreshMetrics });
  enrollmentRoutes(app, { db: deps.db, token: deps.apiToken, settings: deps.enroll });
  signInRoutes(app, { db: deps.db, token: deps.apiToken });
  openApiRoute(app, apiRoutes);
  await authRoutes(app, { db: deps.db, logger: deps.logger, settings: deps.auth, now: deps.now });
  await atRiskRoutes({ db: deps.db, now: deps.now })(app);
  if (deps.templates) await templatesAdminRoutes(deps.templates)(app);
  if (deps.dashboard) {
    supportRoutes(app, deps.dashboard);
    alertsRoutes(app, { db: deps.db, now: deps.now, channels: deps.alertChannels });
    dataRoutes(app, deps.dashboard);
    await queueBoard(app, Object.values(deps.dashboard.review.producers.queues));
  }
  for (const plugin of deps.plugins ?? []) await plugin(app);
  return app;
}
