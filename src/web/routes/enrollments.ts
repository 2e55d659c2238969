// POST /api/enrollments: the portal's enrollment step. The answer shapes are an interface.
// The portal calls this server to server, so the connection's address is the portal's: it passes
// its end user's address as `clientIp` and the client lockout counts that (issue 13.4). Without
// it, the address is the connection's (through TRUSTED_PROXIES' forwarding headers only).
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { isIpAddress, lockoutKey } from "../../core/client-address.js";
import type { Db } from "../../store/prisma.js";
import { enroll, type EnrollSettings } from "../../enroll/enroll.js";
import { bearerGuard } from "../bearer.js";
import { bool, describeOnly, errorAnswers, fromZod, nullable, obj, PORTAL_TOKEN, str } from "../api/schema-kit.js";

const body = z.object({
  firstName: z.string().trim().min(1).max(200),
  lastName: z.string().trim().min(1).max(200),
  pin: z.string().regex(/^\d{4,32}$/, "pin must be a string of digits"),
  clientIp: z.string().refine(isIpAddress, "clientIp must be an IPv4 or IPv6 address such as 203.0.113.7 or 2001:db8::1").optional(),
});

// Documented for /api/openapi.json; the zod schema above stays the validator (its `bad_request` answers are the interface).
const schema = {
  summary: "The portal's enrollment step: check a person's name and PIN",
  tags: ["portal"],
  security: PORTAL_TOKEN,
  body: fromZod(body),
  response: {
    200: obj({
      enrolled: bool,
      organization: { ...str, description: "the organization's ref" },
      branch: { ...nullable(str), description: "the branch's ref" },
      email: str,
    }),
    422: obj({ enrolled: bool, error: str }),
    ...errorAnswers(400, 401, 429),
  },
};

export function enrollmentRoutes(app: FastifyInstance, deps: { db: Db; token: string; settings: EnrollSettings }): void {
  app.post("/api/enrollments", { onRequest: bearerGuard(deps.token), schema, ...describeOnly }, async (req, reply) => {
    const parsed = body.safeParse(req.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return reply.code(400).send({
        error: "bad_request",
        message: `${issue.path.join(".") || "body"}: ${issue.message}; expected JSON {"firstName","lastName","pin"} and optionally "clientIp"`,
      });
    }
    const { clientIp, ...person } = parsed.data;
    const r = await enroll(deps.db, deps.settings, { ...person, clientIp: lockoutKey(clientIp ?? req.ip) });
    if (r.kind === "locked") {
      return reply
        .code(429)
        .header("retry-after", String(r.retryAfterSeconds))
        .send({ error: "too_many_attempts", message: "too many failed attempts; try again later" });
    }
    if (r.kind === "invalid") return reply.code(422).send({ enrolled: false, error: "invalid_pin_or_name" });
    return { enrolled: true, organization: r.organization, branch: r.branch, email: r.email };
  });
}
