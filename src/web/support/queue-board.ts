// The raw queue view for admins: Bull Board under /admin/queues. Its UI needs inline styles, so
// it gets its own Content-Security-Policy, scoped to these routes only; its API calls cannot send
// our CSRF token, so unsafe requests there must come from this origin (Sec-Fetch-Site / Origin).
import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { FastifyAdapter } from "@bull-board/fastify";
import type { Queue } from "bullmq";
import type { FastifyInstance } from "fastify";
import { requireStaff } from "../auth/guards.js";

export const QUEUE_BOARD_PATH = "/admin/queues";

export const QUEUE_BOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
].join("; ");

export async function queueBoard(app: FastifyInstance, queues: readonly Queue[]): Promise<void> {
  const adapter = new FastifyAdapter();
  adapter.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({ queues: queues.map((q) => new BullMQAdapter(q)), serverAdapter: adapter, options: { uiConfig: { boardTitle: "pinmail queues" } } });
  await app.register(async (scope) => {
    scope.addHook("onRequest", async (_req, reply) => {
      reply.header("content-security-policy", QUEUE_BOARD_CSP);
    });
    scope.addHook("preHandler", requireStaff("admin", { csrf: "same-origin" }));
    await scope.register(adapter.registerPlugin(), { prefix: QUEUE_BOARD_PATH });
  });
}
