// What the support dashboard's route files share: the page sender, the answer to a staff action
// (JSON for the API, a redirect or the page again for a form), and the caches shared by viewers.
import type { FastifyReply, FastifyRequest } from "fastify";
import { isApiRequest } from "../auth/guards.js";
import { renderPage, type NavKey } from "../views/layout.js";
import type { SafeHtml } from "../views/html.js";
import { SharedCache } from "./shared-cache.js";
import type { Refusal } from "../../review/refusal.js";
import type { ActionError } from "./review-errors.js";
import type { SupportDeps } from "./support-deps.js";

export interface SupportKit {
  deps: SupportDeps;
  /** How often live parts of the pages refresh, in milliseconds. */
  every: number;
  /** Shared by every viewer of this process for a few seconds (issue 20, "At scale"). */
  shared: SharedCache;
}

export const supportKit = (deps: SupportDeps): SupportKit => ({ deps, every: deps.liveEveryMs ?? 3000, shared: new SharedCache() });

/** How long the shared figures live, per kind. */
export const TTL_MS = { charts: 10_000, overview: 2_000, reviewTotals: 3_000 } as const;

export type Notice = { notice?: string; error?: ActionError; status?: number };

export function sendPage(req: FastifyRequest, reply: FastifyReply, title: string, body: SafeHtml, nav?: NavKey, status = 200) {
  return reply
    .code(status)
    .type("text/html; charset=utf-8")
    .send(renderPage({ title, staff: req.staff, csrfToken: req.csrfToken, body, nav }));
}

export const staffOf = (req: FastifyRequest) => ({ id: req.staff.id, email: req.staff.email });

/** A staff action's outcome as the review use cases give it. */
export type Result = { kind: string; message?: string; reason?: string; refusal?: Refusal } & Record<string, unknown>;
export const STATUS: Record<string, number> = { "not-found": 404, conflict: 409, invalid: 422, "still-unreadable": 422, not_eligible: 409 };

/** API: JSON with a status per outcome (the English `message`). Pages: back to `okTo` with a notice, or `onError` re-rendered with the refusal. */
export async function respond(
  req: FastifyRequest,
  reply: FastifyReply,
  r: Result,
  okTo: string,
  onError: (error: ActionError, status: number) => Promise<unknown>,
) {
  const status = STATUS[r.kind] ?? 200;
  if (isApiRequest(req)) {
    if (r.kind === "ok") return reply.send({ ok: true, ...r, kind: undefined });
    return reply.code(status).send({ error: r.kind, message: r.message ?? r.reason ?? (r.kind === "not-found" ? "no such item" : r.kind) });
  }
  if (r.kind === "ok") return reply.code(303).header("location", okTo).send();
  return onError(r.refusal ?? r.message ?? "Not found.", status);
}
