// GET /api/openapi.json: the OpenAPI 3.1 description of the JSON API, generated from the routes'
// own JSON schemas (issue 14.5). An onRoute hook installed before any route collects every /api/
// route, so a route added later with a schema appears by itself; a route without one is missing
// from the document, which test/web/openapi.test.ts catches. Readable by signed-in staff.
import type { FastifyInstance, FastifySchema, RouteOptions } from "fastify";
import { authenticate } from "../auth/guards.js";
import { SESSION_COOKIE } from "../auth/session-of.js";
import { describeOnly, errorAnswers, obj, str } from "./schema-kit.js";

export interface ApiRoute {
  method: string;
  url: string;
  schema: FastifySchema;
}

type Json = Record<string, unknown>;

/** Starts collecting; call on the root app before any route is registered. */
export function collectApiRoutes(app: FastifyInstance): ApiRoute[] {
  const routes: ApiRoute[] = [];
  app.addHook("onRoute", (r: RouteOptions) => {
    if (!r.url.startsWith("/api/") || !r.schema) return;
    for (const method of [r.method].flat()) if (method !== "HEAD") routes.push({ method, url: r.url, schema: r.schema as ApiRoute["schema"] });
  });
  return routes;
}

/** `/api/requests/:ref/hold` → `/api/requests/{ref}/hold`. */
export const openApiPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, "{$1}");

function parameters(where: "path" | "query", schema: unknown): Json[] {
  const s = schema as { properties?: Record<string, Json>; required?: string[] } | undefined;
  return Object.entries(s?.properties ?? {}).map(([name, p]) => ({
    name,
    in: where,
    required: where === "path" || (s?.required ?? []).includes(name),
    ...(typeof p["description"] === "string" ? { description: p["description"] } : {}),
    schema: p,
  }));
}

function responses(schema: unknown): Json {
  const out: Json = {};
  for (const [code, r] of Object.entries((schema ?? {}) as Record<string, Json>)) {
    const status = code.replace(/xx$/, "XX");
    const description = typeof r["description"] === "string" ? r["description"] : status.startsWith("2") ? "done" : "refused; see error and message";
    // Fastify's per-media-type form { content: { "<type>": { schema } } } is OpenAPI's already.
    out[status] = r["content"] ? { description, content: r["content"] } : { description, content: { "application/json": { schema: r } } };
  }
  return Object.keys(out).length ? out : { default: { description: "see the route" } };
}

export function openApiDocument(routes: readonly ApiRoute[]): Json {
  const paths: Record<string, Json> = {};
  const sorted = [...routes].sort((a, b) => a.url.localeCompare(b.url) || a.method.localeCompare(b.method));
  for (const r of sorted) {
    const s = r.schema;
    const op: Json = {
      operationId: `${r.method.toLowerCase()} ${r.url}`,
      ...(s.summary ? { summary: s.summary } : {}),
      ...(s.description ? { description: s.description } : {}),
      ...(s.tags ? { tags: s.tags } : {}),
      security: s.security ?? [{ staffSession: [] }],
      parameters: [...parameters("path", s.params), ...parameters("query", s.querystring)],
      ...(s.body ? { requestBody: { required: true, content: { "application/json": { schema: s.body } } } } : {}),
      responses: responses(s.response),
    };
    const path = openApiPath(r.url);
    paths[path] = { ...paths[path], [r.method.toLowerCase()]: op };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "pinmail JSON API",
      version: "1",
      description:
        'The staff dashboard\'s API (a staff session: POST /api/session, then the cookie and X-CSRF-Token on changes), the template admin\'s, and the portal\'s enrollment and sign-in feed (a bearer token). Errors answer {error, message}; a request the schema refuses answers 400 {"error": "invalid_request", "message"}.',
    },
    components: {
      securitySchemes: {
        staffSession: { type: "apiKey", in: "cookie", name: SESSION_COOKIE, description: `from POST /api/session (__Host-${SESSION_COOKIE} over https)` },
        portalToken: { type: "http", scheme: "bearer", description: "API_TOKEN, for the portal" },
      },
    },
    paths,
  };
}

/** Serves the document to signed-in staff (support and admin), built once on first request. */
export function openApiRoute(app: FastifyInstance, routes: readonly ApiRoute[]): void {
  let doc: string | null = null;
  app.get(
    "/api/openapi.json",
    {
      onRequest: authenticate("support"),
      schema: {
        summary: "This description of the JSON API (OpenAPI 3.1)",
        tags: ["api"],
        response: { 200: obj({ openapi: str, info: obj({}, { open: true }), paths: obj({}, { open: true }) }, { open: true }), ...errorAnswers(401) },
      },
      ...describeOnly,
    },
    async (_req, reply) => {
      doc ??= JSON.stringify(openApiDocument(routes));
      return reply.type("application/json; charset=utf-8").send(doc);
    },
  );
}
