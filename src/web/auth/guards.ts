// requireStaff(role): the preHandler in front of staff pages and API routes; guardScope(scope, role)
// does the same as two hooks (onRequest, preValidation) so that a route's JSON schema is checked
// only after the caller is known to be allowed.
//   no session   → /api/...: 401 JSON; pages: 303 to /login?next=<path>
//   wrong role   → 403 (JSON under /api/)          admin passes every support check
//   POST/PUT/PATCH/DELETE → the session's CSRF token must come as form field `_csrf` or
//                           header `X-CSRF-Token`, else 403
// Afterwards request.staff and request.csrfToken are set (see types.ts).
import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from "fastify";
import { html, renderPage } from "../views/layout.js";
import { sessionOf } from "./session-of.js";
import { tokensEqual } from "./staff-auth.js";
import type { StaffRole } from "./types.js";

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** JSON answers for /api/... and for the API of a mounted tool (e.g. /admin/queues/api/...). */
export const isApiRequest = (req: FastifyRequest) => /^(?:\/[^?#]*)?\/api(?:[/?#]|$)/.test(req.url);

/** Stands in for the app's own origin: only what resolves to it is a path on this site. */
const OWN_ORIGIN = "http://pinmail.invalid";

/**
 * Only same-origin paths may be a post-sign-in destination (issue 13.3). Browsers drop tabs and
 * newlines from a Location and read `\` as `/`, so `/\t/evil.example/x` becomes
 * `//evil.example/x`: anything with control characters, whitespace, backslashes or `//` is
 * refused outright, and what is left must resolve to our own origin.
 */
export function safeNext(next: unknown): string {
  if (typeof next !== "string" || !next.startsWith("/") || next.length >= 2000) return "/";
  // Checked as given and once decoded: a proxy or framework in front may decode `%09` or `%2F` again.
  let decoded: string;
  try {
    decoded = decodeURIComponent(next);
  } catch {
    return "/";
  }
  if (!plainPath(next) || !plainPath(decoded)) return "/";
  let url: URL;
  try {
    url = new URL(next, OWN_ORIGIN);
  } catch {
    return "/";
  }
  if (url.origin !== OWN_ORIGIN) return "/";
  return `${url.pathname}${url.search}${url.hash}`;
}

/** No control or invisible format characters (U+200B, bidi marks), whitespace, backslash or `//`. */
function plainPath(s: string): boolean {
  return !/[\u0000-\u001f\u007f-\u009f\\\s\p{Cf}]/u.test(s) && !s.includes("//");
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
    .send(
      renderPage({
        title: "Not allowed",
        staff,
        csrfToken: req.csrfToken ?? null,
        body: html`<p role="alert">${message}</p><p><a href="/">Back to the overview</a></p>`,
      }),
    );
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

/**
 * Who may call: no session → 401 (API) or the sign-in page; wrong role → 403. Reads only the
 * cookie, so it runs as an `onRequest` hook: before the body is parsed and validated (issue 14.5),
 * an anonymous or wrong-role call gets its 401/403 whatever it sent.
 */
export function authenticate(role: StaffRole) {
  return async function staffAuthentication(req: FastifyRequest, reply: FastifyReply): Promise<unknown> {
    const session = await sessionOf(req);
    if (!session) {
      if (isApiRequest(req)) return reply.code(401).send({ error: "unauthorized", message: "sign in first (POST /api/session or the /login page)" });
      const next = req.method === "GET" ? `?next=${encodeURIComponent(safeNext(req.url))}` : "";
      return reply.code(303).header("location", `/login${next}`).send();
    }
    req.staff = session.staff;
    req.csrfToken = session.csrfToken;
    if (role === "admin" && session.staff.role !== "admin") return deny(req, reply, 403, "forbidden", "This page is for admins only.");
    return undefined;
  };
}

/** The CSRF check of unsafe methods. It needs the parsed form (`_csrf`), so it runs as a `preValidation` hook: after authenticate, still before validation. */
export function checkCsrf(opts: GuardOptions = {}) {
  return async function csrfCheck(req: FastifyRequest, reply: FastifyReply): Promise<unknown> {
    if (!UNSAFE.has(req.method)) return undefined;
    const sent = submittedCsrf(req);
    const passed = sent ? tokensEqual(sent, req.csrfToken) : opts.csrf === "same-origin" && sameOrigin(req);
    if (passed) return undefined;
    return deny(req, reply, 403, "csrf", "The form was out of date or not sent by the dashboard (missing or wrong CSRF token). Reload the page and try again.");
  };
}

/** Both checks on every route of a scope: authentication at onRequest, CSRF at preValidation. */
export function guardScope(scope: FastifyInstance, role: StaffRole, opts: GuardOptions = {}): void {
  scope.addHook("onRequest", authenticate(role));
  scope.addHook("preValidation", checkCsrf(opts));
}

/** Both checks in one preHandler, for routes without a schema (nothing to validate before it). */
export function requireStaff(role: StaffRole, opts: GuardOptions = {}): preHandlerAsyncHookHandler {
  const who = authenticate(role);
  const csrf = checkCsrf(opts);
  return async function staffGuard(req, reply) {
    const denied = await who(req, reply);
    if (reply.sent) return denied;
    return csrf(req, reply);
  };
}
