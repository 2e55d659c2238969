// POST /api/sign-ins: the portal tells pinmail who signed in, one at a time or in batches of up
// to 1,000. The answer is the same whether an address is on record or not (no enumeration), and
// lastSignInAt only ever moves forward.
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { Db } from "../../store/prisma.js";
import { recordSignIns } from "../../signins/record-sign-ins.js";
import { bearerGuard } from "../bearer.js";
import { describeOnly, errorAnswers, fromZod, int, obj, PORTAL_TOKEN } from "../api/schema-kit.js";

export const MAX_SIGN_INS_PER_REQUEST = 1000;
// A portal clock a little ahead of ours is fine; a sign-in far in the future is a bug upstream
// and would silence every reminder for that user.
const FUTURE_TOLERANCE_MS = 5 * 60_000;

const signIn = z.object({
  email: z
    .string()
    .trim()
    .toLowerCase()
    .min(3)
    .max(320)
    .regex(/^[^\s@]+@[^\s@]+$/, "expected an email address"),
  at: z.iso.datetime({ offset: true }).transform((v) => new Date(v)),
});
const body = z.union([z.object({ signIns: z.array(signIn).min(1).max(MAX_SIGN_INS_PER_REQUEST) }).strict(), signIn.strict()]);

// Documented for /api/openapi.json; the zod schema above stays the validator (its `bad_request` answers are the interface).
const schema = {
  summary: "The portal reports sign-ins, one or a batch of up to 1,000; the answer is the same for unknown addresses",
  tags: ["portal"],
  security: PORTAL_TOKEN,
  body: fromZod(body),
  response: { 202: obj({ accepted: int }), ...errorAnswers(400, 401) },
};

export function signInRoutes(app: FastifyInstance, deps: { db: Db; token: string; now?: () => Date }): void {
  app.post("/api/sign-ins", { onRequest: bearerGuard(deps.token), schema, ...describeOnly }, async (req, reply) => {
    const parsed = body.safeParse(req.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const where = issue.path.join(".") || "body";
      return reply.code(400).send({
        error: "bad_request",
        message: `${where}: ${issue.message}; expected JSON {"email","at"} or {"signIns":[{"email","at"}, ...]} (1 to ${MAX_SIGN_INS_PER_REQUEST}), at in ISO 8601 with a time zone`,
      });
    }
    const entries = "signIns" in parsed.data ? parsed.data.signIns : [parsed.data];
    const limit = (deps.now?.() ?? new Date()).getTime() + FUTURE_TOLERANCE_MS;
    const future = entries.findIndex((e) => e.at.getTime() > limit);
    if (future >= 0) {
      return reply.code(400).send({ error: "bad_request", message: `${"signIns" in parsed.data ? `signIns.${future}.` : ""}at: is in the future` });
    }
    await recordSignIns(deps.db, entries);
    return reply.code(202).send({ accepted: entries.length });
  });
}
