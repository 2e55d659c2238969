// Installs the request's locale (issue 20): the signed-in account's choice, else STAFF_LOCALE.
// The sign-in page has no account yet, so it follows STAFF_LOCALE. Runs as a preHandler (after
// the body is parsed: a context entered earlier would be lost in the body stream's callbacks),
// calling `done` inside the context so the guards and the handler run in it.
import type { FastifyInstance } from "fastify";
import { sessionOf } from "../auth/session-of.js";
import { chooseLocale, withLocale, type StaffLocale } from "./locale.js";
import "./account-language.js";

export function requestLocale(app: FastifyInstance, siteDefault: StaffLocale): void {
  app.decorate("staffLocaleDefault", siteDefault);
  app.addHook("preHandler", (req, _reply, done) => {
    // Only requests that carry a session cookie cost a lookup, and sessionOf() caches it for the guards.
    const lookup = req.headers.cookie && req.server.staffAuth ? sessionOf(req) : Promise.resolve(null);
    lookup.then(
      (s) => withLocale(chooseLocale(s?.staff.locale, siteDefault), () => done()),
      // A failing session lookup is the guard's business (it answers 500/401); render in the default.
      () => withLocale(siteDefault, () => done()),
    );
  });
}
