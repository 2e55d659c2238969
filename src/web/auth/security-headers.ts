// Headers on every response. The CSP allows only our own scripts, styles and connections: no
// inline script, no CDN, no framing. A route that needs something else (Bull Board, a preview
// iframe) sets its own Content-Security-Policy header and this hook leaves it alone.
import type { FastifyInstance } from "fastify";

export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  // Replies are shown as sent in same-origin iframes that carry their own sandboxing policy.
  "frame-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join("; ");

/** Browsers keep to https for a year once they have seen this over https (issue 13.13). */
export const HSTS = "max-age=31536000";

export function securityHeaders(app: FastifyInstance, opts: { https: boolean } = { https: false }): void {
  app.addHook("onSend", async (req, reply, payload) => {
    // Only when the public URL is https: over plain http the header is ignored by browsers anyway,
    // and sending it from a local http setup would only mislead.
    if (opts.https) reply.header("strict-transport-security", HSTS);
    if (!reply.hasHeader("content-security-policy")) reply.header("content-security-policy", DASHBOARD_CSP);
    if (!reply.hasHeader("x-frame-options")) reply.header("x-frame-options", "DENY");
    reply.header("x-content-type-options", "nosniff");
    reply.header("referrer-policy", "no-referrer");
    reply.header("cross-origin-opener-policy", "same-origin");
    reply.header("cross-origin-resource-policy", "same-origin");
    // Pages and API answers carry personal data: never keep them in a shared or disk cache.
    if (!reply.hasHeader("cache-control") && !req.url.startsWith("/static/")) reply.header("cache-control", "no-store");
    return payload;
  });
}
