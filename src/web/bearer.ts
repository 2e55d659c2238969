// Bearer-token check for the machine APIs (enrollments, sign-ins): constant-time comparison.
import { createHash, timingSafeEqual } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";

const digest = (s: string) => createHash("sha256").update(s).digest();

export function bearerGuard(token: string) {
  const expected = digest(token);
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const m = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? "");
    if (!m || !timingSafeEqual(digest(m[1]!.trim()), expected)) {
      return reply.code(401).header("www-authenticate", "Bearer").send({ error: "unauthorized", message: "missing or wrong bearer token" });
    }
  };
}
