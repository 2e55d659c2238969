// POST /api/enrollments: the portal's enrollment step. The answer shapes are an interface.
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { Db } from "../../store/prisma.js";
import { enroll, type EnrollSettings } from "../../enroll/enroll.js";
import { bearerGuard } from "../bearer.js";

const body = z.object({
  firstName: z.string().trim().min(1).max(200),
  lastName: z.string().trim().min(1).max(200),
  pin: z.string().regex(/^\d{4,32}$/, "pin must be a string of digits"),
});

export function enrollmentRoutes(app: FastifyInstance, deps: { db: Db; token: string; settings: EnrollSettings }): void {
  app.post("/api/enrollments", { onRequest: bearerGuard(deps.token) }, async (req, reply) => {
    const parsed = body.safeParse(req.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return reply.code(400).send({ error: "bad_request", message: `${issue.path.join(".") || "body"}: ${issue.message}; expected JSON {"firstName","lastName","pin"}` });
    }
    const r = await enroll(deps.db, deps.settings, { ...parsed.data, clientIp: req.ip });
    if (r.kind === "locked") {
      return reply.code(429).header("retry-after", String(r.retryAfterSeconds)).send({ error: "too_many_attempts", message: "too many failed attempts; try again later" });
    }
    if (r.kind === "invalid") return reply.code(422).send({ enrolled: false, error: "invalid_pin_or_name" });
    return { enrolled: true, organization: r.organization, branch: r.branch, email: r.email };
  });
}
