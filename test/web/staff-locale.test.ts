// Staff pages in English and French (issue 20): STAFF_LOCALE is the default for everyone and the
// sign-in page; each account may choose its own language on the account page; JSON stays English.
import { afterAll, beforeAll, expect, it } from "vitest";
import { startHarness, type Harness } from "../harness/pinmail.js";
import { signIn } from "../harness/web-session.js";
import { addStaff } from "../../src/staff/staff-accounts.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ role: "web", env: { STAFF_LOCALE: "fr" } });
  await addStaff(h.db, { email: "lea@support.test", role: "support", password: "support password 1" });
  await addStaff(h.db, { email: "sam@support.test", role: "support", password: "support password 2" });
});
afterAll(async () => {
  await h?.stop();
});

it("the sign-in page follows STAFF_LOCALE, its refusal too", async () => {
  const app = h.service.app!;
  const page = await app.inject({ url: "/login" });
  expect(page.body).toContain('<html lang="fr">');
  expect(page.body).toContain("Mot de passe");
  expect(page.body).toContain(">Se connecter</button>");
  const refused = await signIn(app, "lea@support.test", "wrong password!!");
  expect(refused.response.statusCode).toBe(401);
  expect(refused.response.body).toContain("Courriel ou mot de passe erroné.");
});

it("pages are in French by default; JSON keeps English field names and machine values", async () => {
  const app = h.service.app!;
  const { cookie } = await signIn(app, "lea@support.test", "support password 1");
  const overview = await app.inject({ url: "/", headers: { cookie } });
  expect(overview.body).toContain("<title>Vue d’ensemble · pinmail</title>");
  expect(overview.body).toContain("Demandes aujourd’hui");
  expect(overview.body).toContain("Aucun processus de traitement");
  for (const url of ["/requests", "/review", "/people", "/failures", "/account/password"]) {
    const r = await app.inject({ url, headers: { cookie } });
    expect(r.statusCode, url).toBe(200);
    expect(r.body, url).toContain('<html lang="fr">');
    expect(r.body, url).toContain(">Révision</a>");
  }
  const api = (await app.inject({ url: "/api/overview", headers: { cookie } })).json() as Record<string, unknown>;
  expect(Object.keys(api)).toEqual(expect.arrayContaining(["requests", "queues", "worker", "mailbox", "review", "failures"]));
  expect((api["mailbox"] as { reported: boolean }).reported).toBe(false);
});

it("an account chooses English on the account page, and back to the site default", async () => {
  const app = h.service.app!;
  const { cookie, csrf } = await signIn(app, "sam@support.test", "support password 2");
  const form = await app.inject({ url: "/account/password", headers: { cookie } });
  expect(form.body).toContain("Langue des pages du personnel");
  expect(form.body).toContain("Langue par défaut du site (français)");

  const saved = await app.inject({ method: "POST", url: "/account/language", headers: { cookie }, payload: { _csrf: csrf, locale: "en" } });
  expect(saved.statusCode).toBe(303);
  const after = await app.inject({ url: saved.headers.location as string, headers: { cookie } });
  expect(after.body).toContain("Language saved.");
  expect(after.body).toContain('<html lang="en">');
  expect((await app.inject({ url: "/review", headers: { cookie } })).body).toContain("<title>Manual review · pinmail</title>");
  // Another account is not affected.
  const other = await signIn(app, "lea@support.test", "support password 1");
  expect((await app.inject({ url: "/review", headers: { cookie: other.cookie } })).body).toContain("<title>Révision manuelle · pinmail</title>");

  const bad = await app.inject({ method: "PUT", url: "/api/account/language", headers: { cookie, "x-csrf-token": csrf }, payload: { locale: "de" } });
  expect(bad.statusCode).toBe(422);
  const back = await app.inject({ method: "PUT", url: "/api/account/language", headers: { cookie, "x-csrf-token": csrf }, payload: { locale: null } });
  expect(back.json()).toEqual({ locale: null, siteDefault: "fr" });
  expect((await app.inject({ url: "/review", headers: { cookie } })).body).toContain('<html lang="fr">');
  // Without the CSRF token the choice is refused.
  const forged = await app.inject({ method: "POST", url: "/account/language", headers: { cookie }, payload: { locale: "en" } });
  expect(forged.statusCode).toBe(403);
});
