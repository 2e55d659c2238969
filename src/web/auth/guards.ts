// requireStaff(role): the preHandler in front of every dashboard page and dashboard API route.
//   no session   → /api/...: 401 JSON; pages: 303 to /login?next=<path>
//   wrong role   → 403 (JSON under /api/)          admin passes every support check
//   POST/PUT/PATCH/DELETE → the session's CSRF token must come as form field `_csrf` or
//                           header `X-CSRF-Token`, else 403
// Afterwards request.staff and request.csrfToken are set (see types.ts).
import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from "fastify";
import { html, renderPage } from "../views/layout.js";
import { sessionOf } from "./session-of.js";
import { tokensEqual } from "./staff-auth.js";
import type { StaffRole } from "./types.js";

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** JSON answers for /api/... and for the API of a mounted tool (e.g. /admin/queues/api/...). */
export const isApiRequest = (req: FastifyRequest) => /^(?:\/[^?#]*)?\/api(?:[/?#]|$)/.test(req.url);

/** Only same-site paths may be a post-sign-in destination (no `//evil.example`). */
export function safeNext(next: unknown): string {
  return typeof next === "string" && /^\/(?![/\\])/.test(next) && next.length < 2000 ? next : "/";
}

function submittedCsrf(req: FastifyRequest): string | null {
  const header = req.headers["x-csrf-token"];
  if (typeof header === "string" && header) return header;
  const body = req.body as Record<string, unknown> | null | undefined;
  const field = body && typeof body === "object" ? body["_csrf"] : undefined;
  return typeof field === "string" && field ? field : null;
}

export function deny(req: FastifyRequest, reply: FastifyReply, status: 403, error: string, message: string): FastifyReply {
  if (isApiRequest(req)) return reply.code(status).send({ error, message });
  const staff = req.staff ?? null;
  return reply
    .code(status)
    .type("text/html; charset=utf-8")
    .send(renderPage({ title: "Not allowed", staff, csrfToken: req.csrfToken ?? null, body: html`<p role="alert">${message}</p><p><a href="/">Back to the overview</a></p>` }));
}

/**
 * `csrf: "same-origin"` is for third-party UIs that cannot send our token (Bull Board): unsafe
 * requests must then carry `Sec-Fetch-Site: same-origin` or an Origin equal to this host.
 */
export interface GuardOptions {
  csrf?: "token" | "same-origin";
}

function sameOrigin(req: FastifyRequest): boolean {
  const site = req.headers["sec-fetch-site"];
  if (typeof site === "string") return site === "same-origin";
  const origin = req.headers.origin;
  if (typeof origin !== "string") return false;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

export function requireStaff(role: StaffRole, opts: GuardOptions = {}): preHandlerAsyncHookHandler {
  return async function staffGuard(req, reply) {
    const session = await sessionOf(req);
    if (!session) {
      if (isApiRequest(req)) return reply.code(401).send({ error: "unauthorized", message: "sign in first (POST /api/session or the /login page)" });
      const next = req.method === "GET" ? `?next=${encodeURIComponent(safeNext(req.url))}` : "";
      return reply.code(303).header("location", `/login${next}`).send();
    }
    req.staff = session.staff;
    req.csrfToken = session.csrfToken;
    if (role === "admin" && session.staff.role !== "admin") return deny(req, reply, 403, "forbidden", "This page is for admins only.");
    if (UNSAFE.has(req.method)) {
      const sent = submittedCsrf(req);
      const passed = sent ? tokensEqual(sent, session.csrfToken) : opts.csrf === "same-origin" && sameOrigin(req);
      if (!passed) {
        return deny(req, reply, 403, "csrf", "The form was out of date or not sent by the dashboard (missing or wrong CSRF token). Reload the page and try again.");
      }
    }
  };
}
