// Admin routes for a person's data and retention (issue 19): legal holds on a person or a request
// (API and the forms of the People and case pages), and the Data page. Admins only.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { liftHold, placeHold, type HoldResult, type HoldTarget } from "../../retention/holds.js";
import { requireStaff, isApiRequest } from "../auth/guards.js";
import { html, renderPage } from "../views/layout.js";
import type { SupportDeps } from "./support-deps.js";

type Body = Record<string, unknown> | undefined;
const text = (b: Body, k: string) => (b && typeof b[k] === "string" ? (b[k] as string) : "");
const STATUS: Record<HoldResult["kind"], number> = { ok: 200, invalid: 422, "not-found": 404, conflict: 409 };

export function dataRoutes(app: FastifyInstance, deps: SupportDeps): void {
  app.register(async (scope) => {
    scope.addHook("preHandler", requireStaff("admin"));

    const personEmail = async (id: string) => (/^\d{1,9}$/.test(id) ? ((await deps.db.portalUser.findUnique({ where: { id: Number(id) }, select: { email: true } }))?.email ?? null) : null);

    /** JSON for the API; for a page form, back to the page with a notice, or a page saying what was wrong. */
    const answer = (req: FastifyRequest, reply: FastifyReply, r: HoldResult, back: string, done: string) => {
      if (isApiRequest(req)) return r.kind === "ok" ? reply.send({ ok: true, hold: r.hold }) : reply.code(STATUS[r.kind]).send({ error: r.kind, message: r.message });
      if (r.kind === "ok") return reply.code(303).header("location", `${back}?done=${done}`).send();
      return reply
        .code(STATUS[r.kind])
        .type("text/html; charset=utf-8")
        .send(renderPage({ title: "Legal hold not changed", staff: req.staff, csrfToken: req.csrfToken, body: html`<p class="error" role="alert">${r.message}</p><p><a href="${back}">Back</a></p>`, nav: back.startsWith("/people") ? "people" : "requests" }));
    };

    const hold = (target: (req: FastifyRequest<{ Params: Record<string, string> }>) => Promise<HoldTarget | null>, back: (p: Record<string, string>) => string, lift: boolean) =>
      async (req: FastifyRequest<{ Params: Record<string, string> }>, reply: FastifyReply) => {
        const t = await target(req);
        const r: HoldResult = !t
          ? { kind: "not-found", message: "no such person" }
          : lift
            ? await liftHold(deps.db, req.staff.email, t)
            : await placeHold(deps.db, req.staff.email, t, text(req.body as Body, "reason"));
        return answer(req, reply, r, back(req.params), lift ? "unheld" : "held");
      };
    const person = async (req: FastifyRequest<{ Params: Record<string, string> }>) => {
      const email = await personEmail(req.params["id"] ?? "");
      return email ? { email } : null;
    };
    const request = async (req: FastifyRequest<{ Params: Record<string, string> }>) => ({ reference: req.params["ref"] ?? "" });
    const personPage = (p: Record<string, string>) => `/people/${encodeURIComponent(p["id"] ?? "")}`;
    const requestPage = (p: Record<string, string>) => `/requests/${encodeURIComponent(p["ref"] ?? "")}`;

    scope.post("/api/people/:id/hold", hold(person, personPage, false));
    scope.delete("/api/people/:id/hold", hold(person, personPage, true));
    scope.post("/people/:id/hold", hold(person, personPage, false));
    scope.post("/people/:id/unhold", hold(person, personPage, true));
    scope.post("/api/requests/:ref/hold", hold(request, requestPage, false));
    scope.delete("/api/requests/:ref/hold", hold(request, requestPage, true));
    scope.post("/requests/:ref/hold", hold(request, requestPage, false));
    scope.post("/requests/:ref/unhold", hold(request, requestPage, true));
  });
}
