// The session behind a request, looked up once per request however many guards ask.
import type { FastifyRequest } from "fastify";
import { readCookie } from "./cookies.js";
import type { ActiveSession } from "./staff-auth.js";
import "./types.js";

export const SESSION_COOKIE = "pinmail_session";

/**
 * Over https the session cookie is `__Host-pinmail_session`: browsers then accept it only with
 * Secure, Path=/ and no Domain, so a sibling subdomain or a plain-http page cannot plant or
 * overwrite it. Over plain http (local use, tests) browsers refuse `__Host-` cookies altogether,
 * so the name stays `pinmail_session` there; the cookie is still HttpOnly and SameSite=Lax.
 */
export function sessionCookieName(secure: boolean): string {
  return secure ? `__Host-${SESSION_COOKIE}` : SESSION_COOKIE;
}

const cache = new WeakMap<FastifyRequest, Promise<ActiveSession | null>>();

export function sessionOf(req: FastifyRequest): Promise<ActiveSession | null> {
  let found = cache.get(req);
  if (!found) {
    const auth = req.server.staffAuth;
    // Without authRoutes() nothing can sign in; failing loudly beats letting guards pass or
    // silently refusing everyone.
    if (!auth) throw new Error("staff sessions are not set up: call authRoutes(app, deps) in buildApp");
    found = auth.resolve(readCookie(req.headers.cookie, sessionCookieName(auth.settings.secureCookies)));
    cache.set(req, found);
  }
  return found;
}
