// Sign-in, sign-out, change password, and the session API for scripts. Call once on the root
// app (buildApp does): it also installs the session lookup used by requireStaff(), form-body
// parsing, the security headers and the static assets.
import formbody from "@fastify/formbody";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { randomBytes } from "node:crypto";
import type { Logger } from "../../runtime/logger.js";
import { recordEvent } from "../../store/audit.js";
import type { Db } from "../../store/prisma.js";
import { MIN_PASSWORD_LENGTH } from "../../staff/staff-accounts.js";
import { html, raw, renderPage, type SafeHtml } from "../views/layout.js";
import { staticAssets } from "../views/static-assets.js";
import { t } from "../i18n/catalog.js";
import { accountLanguageRoutes, languageForm } from "../i18n/account-language.js";
import { readCookie, serializeCookie } from "./cookies.js";
import { requireStaff, safeNext } from "./guards.js";
import { describeOnly, errorAnswers, obj, str } from "../api/schema-kit.js";
import { securityHeaders } from "./security-headers.js";
import { sessionCookieName, sessionOf } from "./session-of.js";
import { DEFAULT_AUTH_SETTINGS, StaffAuth, tokensEqual, type AuthSettings, type SignInResult } from "./staff-auth.js";
import "./types.js";

export interface AuthDeps {
  db: Db;
  logger: Logger;
  settings?: Partial<AuthSettings>;
  now?: () => Date;
}

/** Double-submit token for the sign-in form, which has no session yet to hold one. */
const LOGIN_COOKIE = "pinmail_login";
/** `__Host-` needs Path=/, and this cookie is scoped to /login, so over https it gets `__Secure-`. */
const loginCookieName = (secure: boolean) => (secure ? `__Secure-${LOGIN_COOKIE}` : LOGIN_COOKIE);

type Form = Record<string, unknown>;

// The session API's schemas, for /api/openapi.json only: the routes read their fields themselves.
const sessionAnswer = obj({
  email: str,
  role: { type: "string", enum: ["support", "admin"] },
  csrfToken: { ...str, description: "send as X-CSRF-Token on changes" },
});
const sessionDoc = (summary: string, o: { body?: object; response: object; security?: Array<Record<string, string[]>> }) => ({
  schema: { summary, tags: ["session"], ...o },
  ...describeOnly,
});
const SIGN_IN = sessionDoc("Sign in: a session cookie and the CSRF token for scripts (JSON only)", {
  security: [],
  body: obj({ email: str, password: str }),
  response: { 200: sessionAnswer, ...errorAnswers(401, 415) },
});
const WHO = sessionDoc("Who is signed in, and the session's CSRF token", { response: { 200: sessionAnswer, ...errorAnswers(401) } });
const SIGN_OUT = sessionDoc("Sign out", { response: { 204: { description: "signed out", type: "null" }, ...errorAnswers(401, 403) } });
const field = (b: unknown, k: string) => (b && typeof b === "object" && typeof (b as Form)[k] === "string" ? ((b as Form)[k] as string) : "");

export async function authRoutes(app: FastifyInstance, deps: AuthDeps): Promise<void> {
  const settings = { ...DEFAULT_AUTH_SETTINGS, ...deps.settings };
  const auth = new StaffAuth(deps.db, settings, deps.now);
  app.decorate("staffAuth", auth);
  app.decorateRequest("staff", null as never);
  app.decorateRequest("csrfToken", null as never);
  await app.register(formbody, { bodyLimit: 1_048_576 });
  securityHeaders(app, { https: settings.secureCookies });
  const SESSION_COOKIE = sessionCookieName(settings.secureCookies);
  const LOGIN = loginCookieName(settings.secureCookies);
  staticAssets(app);

  const cookie = (name: string, value: string, extra: { maxAgeSeconds?: number; sameSite?: "Lax" | "Strict"; path?: string } = {}) =>
    serializeCookie(name, value, { secure: settings.secureCookies, sameSite: extra.sameSite ?? "Lax", path: extra.path, maxAgeSeconds: extra.maxAgeSeconds });

  const loginPage = (reply: FastifyReply, o: { next: string; email?: string; error?: string; status?: number }) => {
    const token = randomBytes(24).toString("base64url");
    reply.header("set-cookie", cookie(LOGIN, token, { sameSite: "Strict", path: "/login" }));
    const body = html`<form method="post" action="/login" class="card narrow">
${o.error ? html`<p class="error" role="alert">${o.error}</p>` : ""}
<input type="hidden" name="_csrf" value="${token}">
<input type="hidden" name="next" value="${o.next}">
<label for="email">${t("si.email")}</label>
<input id="email" name="email" type="email" autocomplete="username" required value="${o.email ?? ""}" ${o.email ? "" : raw("autofocus")}>
<label for="password">${t("si.password")}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required ${o.email ? raw("autofocus") : ""}>
<button type="submit">${t("si.submit")}</button>
</form>`;
    return reply
      .code(o.status ?? 200)
      .type("text/html; charset=utf-8")
      .send(renderPage({ title: t("title.signIn"), staff: null, csrfToken: null, body }));
  };

  const audit = (type: string, actor: string, detail: Record<string, unknown> = {}) =>
    recordEvent(deps.db, null, type, actor, detail).catch((err: Error) => deps.logger.warn({ err: err.message, type }, "audit write failed"));

  // One message for an unknown account, a locked one and a wrong password (issue 13.12).
  const lockoutMinutes = Math.max(1, Math.round(settings.lockoutMs / 60_000));
  // The form's answer follows STAFF_LOCALE (issue 20); the API's stays English.
  const failureMessage = () => t("si.failure", { max: settings.maxFailures, minutes: lockoutMinutes });
  const FAILURE_MESSAGE = `Wrong email or password. After ${settings.maxFailures} failed attempts an account is locked for ${lockoutMinutes} minutes.`;
  const refused = (r: Extract<SignInResult, { kind: "refused" }>, email: string, via: "form" | "api") => {
    // The reason goes to the server log for staff only, never into the answer.
    deps.logger.info({ email: email.trim().toLowerCase(), reason: r.reason, via }, "staff sign-in refused");
    if (r.lockedNow) void audit("staff-locked", email.trim().toLowerCase());
  };

  app.get<{ Querystring: { next?: string } }>("/login", async (req, reply) => {
    const next = safeNext(req.query.next);
    if (await sessionOf(req)) return reply.code(303).header("location", next).send();
    return loginPage(reply, { next });
  });

  app.post("/login", async (req, reply) => {
    const next = safeNext(field(req.body, "next"));
    const email = field(req.body, "email");
    const expected = readCookie(req.headers.cookie, LOGIN);
    const sent = field(req.body, "_csrf");
    if (!expected || !sent || !tokensEqual(expected, sent)) {
      return loginPage(reply, { next, email, status: 403, error: t("si.expired") });
    }
    const r = await auth.signIn(email, field(req.body, "password"));
    if (r.kind !== "ok") {
      refused(r, email, "form");
      return loginPage(reply, { next, email, status: 401, error: failureMessage() });
    }
    void audit("staff-signed-in", r.session.staff.email);
    return reply
      .code(303)
      .header("set-cookie", [cookie(SESSION_COOKIE, r.token), cookie(LOGIN, "", { sameSite: "Strict", path: "/login", maxAgeSeconds: 0 })])
      .header("location", next)
      .send();
  });

  const signOut = async (req: FastifyRequest, reply: FastifyReply) => {
    await auth.signOut(readCookie(req.headers.cookie, SESSION_COOKIE));
    reply.header("set-cookie", cookie(SESSION_COOKIE, "", { maxAgeSeconds: 0 }));
  };
  app.post("/logout", { preHandler: requireStaff("support") }, async (req, reply) => {
    await signOut(req, reply);
    return reply.code(303).header("location", "/login").send();
  });

  // Scripts: POST /api/session {"email","password"} → cookie + {email, role, csrfToken}. A JSON
  // body cannot be sent cross-site without a CORS preflight, which this server never grants.
  app.post("/api/session", SIGN_IN, async (req, reply) => {
    if (!String(req.headers["content-type"] ?? "").startsWith("application/json")) {
      return reply.code(415).send({ error: "unsupported_media_type", message: 'send JSON {"email","password"}' });
    }
    const r = await auth.signIn(field(req.body, "email"), field(req.body, "password"));
    if (r.kind !== "ok") {
      refused(r, field(req.body, "email"), "api");
      return reply.code(401).send({ error: "unauthorized", message: FAILURE_MESSAGE });
    }
    void audit("staff-signed-in", r.session.staff.email, { via: "api" });
    return reply
      .header("set-cookie", cookie(SESSION_COOKIE, r.token))
      .send({ email: r.session.staff.email, role: r.session.staff.role, csrfToken: r.session.csrfToken });
  });
  app.get("/api/session", { preHandler: requireStaff("support"), ...WHO }, async (req) => ({
    email: req.staff.email,
    role: req.staff.role,
    csrfToken: req.csrfToken,
  }));
  app.delete("/api/session", { preHandler: requireStaff("support"), ...SIGN_OUT }, async (req, reply) => {
    await signOut(req, reply);
    return reply.code(204).send();
  });

  const passwordPage = (req: FastifyRequest, reply: FastifyReply, notice?: { ok: boolean; text: string }, status = 200) => {
    const body: SafeHtml = html`${notice ? html`<p class="${notice.ok ? "notice" : "error"}" role="${notice.ok ? "status" : "alert"}">${notice.text}</p>` : ""}
<form method="post" action="/account/password" class="card narrow">
<input type="hidden" name="_csrf" value="${req.csrfToken}">
<input type="text" name="username" value="${req.staff.email}" autocomplete="username" hidden>
<label for="current">${t("ac.current")}</label>
<input id="current" name="current" type="password" autocomplete="current-password" required>
<label for="next">${t("ac.new", { min: MIN_PASSWORD_LENGTH })}</label>
<input id="next" name="next" type="password" autocomplete="new-password" minlength="${MIN_PASSWORD_LENGTH}" required>
<label for="confirm">${t("ac.again")}</label>
<input id="confirm" name="confirm" type="password" autocomplete="new-password" minlength="${MIN_PASSWORD_LENGTH}" required>
<button type="submit">${t("ac.change")}</button>
</form>
${languageForm(req)}`;
    return reply
      .code(status)
      .type("text/html; charset=utf-8")
      .send(renderPage({ title: t("title.account"), staff: req.staff, csrfToken: req.csrfToken, body, nav: "account" }));
  };
  // The account's language (issue 20): saved by POST /account/language, which comes back here.
  accountLanguageRoutes(app, deps.db);
  app.get<{ Querystring: { done?: string } }>("/account/password", { preHandler: requireStaff("support") }, async (req, reply) => {
    const done = req.query.done;
    if (done === "language") return passwordPage(req, reply, { ok: true, text: t("ac.languageSaved") });
    if (done === "language-invalid") return passwordPage(req, reply, { ok: false, text: t("ac.languageInvalid") }, 422);
    return passwordPage(req, reply);
  });
  app.post("/account/password", { preHandler: requireStaff("support") }, async (req, reply) => {
    const session = (await sessionOf(req))!;
    const r = await auth.changePassword(session, field(req.body, "current"), field(req.body, "next"), field(req.body, "confirm"));
    const texts = {
      changed: t("ac.changed"),
      "wrong-password": t("ac.wrong"),
      "too-short": t("ac.tooShort", { min: MIN_PASSWORD_LENGTH }),
      mismatch: t("ac.mismatch"),
    } as const;
    if (r === "changed") void audit("staff-password-changed", req.staff.email);
    return passwordPage(req, reply, { ok: r === "changed", text: texts[r] }, r === "changed" ? 200 : 422);
  });
}
