// The session behind a request, looked up once per request however many guards ask.
import type { FastifyRequest } from "fastify";
import { readCookie } from "./cookies.js";
import type { ActiveSession } from "./staff-auth.js";
import "./types.js";

export const SESSION_COOKIE = "pinmail_session";

const cache = new WeakMap<FastifyRequest, Promise<ActiveSession | null>>();

export function sessionOf(req: FastifyRequest): Promise<ActiveSession | null> {
  let found = cache.get(req);
  if (!found) {
    const auth = req.server.staffAuth;
    // Without authRoutes() nothing can sign in; failing loudly beats letting guards pass or
    // silently refusing everyone.
    if (!auth) throw new Error("staff sessions are not set up: call authRoutes(app, deps) in buildApp");
    found = auth.resolve(readCookie(req.headers.cookie, SESSION_COOKIE));
    cache.set(req, found);
  }
  return found;
}
