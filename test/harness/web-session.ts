// Signing a staff member in through the real /login form, for inject()-based tests.
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { addStaff } from "../../src/staff/staff-accounts.js";
import type { Db } from "../../src/store/prisma.js";

export function cookieFrom(r: LightMyRequestResponse): string {
  const raw = r.headers["set-cookie"];
  const list = Array.isArray(raw) ? raw : raw ? [raw] : [];
  return list
    .map((c) => c.split(";")[0]!)
    .filter((c) => !c.endsWith("="))
    .join("; ");
}

export async function signIn(app: FastifyInstance, email: string, password: string, next = "/") {
  const page = await app.inject({ url: `/login?next=${encodeURIComponent(next)}` });
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? "";
  const response = await app.inject({ method: "POST", url: "/login", payload: { email, password, _csrf: token, next }, headers: { cookie: cookieFrom(page) } });
  const raw = response.headers["set-cookie"];
  const setCookie = (Array.isArray(raw) ? raw : [raw ?? ""]).find((c) => /^(?:__Host-)?pinmail_session=/.test(c)) ?? "";
  const cookie = setCookie.split(";")[0] ?? "";
  let csrf = "";
  if (response.statusCode === 303) csrf = ((await app.inject({ url: "/api/session", headers: { cookie } })).json() as { csrfToken: string }).csrfToken;
  return { response, cookie, csrf, setCookie };
}

export type StaffSession = { cookie: string; csrf: string };

/** Adds sam@support.test (support) and ada@admin.test (admin) with `password` and signs both in. */
export async function signInSupportAndAdmin(db: Db, app: FastifyInstance, password: string): Promise<{ support: StaffSession; admin: StaffSession }> {
  await addStaff(db, { email: "sam@support.test", role: "support", password });
  await addStaff(db, { email: "ada@admin.test", role: "admin", password });
  return { support: await signIn(app, "sam@support.test", password), admin: await signIn(app, "ada@admin.test", password) };
}
