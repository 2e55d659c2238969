// A local identity server for the OAuth2 mailbox tests (issue 16): oauth2-mock-server issuing
// short-lived JWTs for the client-credentials grant, over https with a test CA (msal-node refuses
// http authorities; give the CA to a child process with NODE_EXTRA_CA_CERTS) or plain http (for
// in-process tests, where Node's trust store is fixed at start-up). What the mock does not do is
// added here: it checks the client's credentials, sets the tokens' lifetime, can be told to
// refuse every client, and has a real introspection endpoint (for Dovecot's oauth2 passdb and
// the XOAUTH2 SMTP receiver) that verifies the JWT's signature, issuer and expiry.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLocalJWKSet, jwtVerify } from "jose";
import { OAuth2Server } from "oauth2-mock-server";

export interface IdentityClient {
  id: string;
  secret: string;
  /** The mailbox its tokens act for (Dovecot's username, the SMTP user). */
  user: string;
}

export interface IdentityServer {
  /** https://127.0.0.1:<port> or http://… */
  readonly url: string;
  /** The client-credentials token endpoint. */
  readonly tokenUrl: string;
  /** Plain-http introspection (RFC 7662 style: POST token=…; answers {active, username}). */
  readonly introspectionUrl: string;
  /** PEM file of the test CA (https only): NODE_EXTRA_CA_CERTS for child processes. */
  readonly caFile: string | null;
  /** For MAIL_AUTH=microsoft: OAUTH_AUTHORITY_URL and OAUTH_TENANT_ID. */
  readonly authorityUrl: string;
  readonly tenantId: string;
  /** Seconds a token lives. */
  tokenTtlSeconds: number;
  /** While true every token request is refused with invalid_client (a revoked or expired secret). */
  refusing: boolean;
  /** Tokens issued and introspections answered so far. */
  readonly counts: { issued: number; refused: number; introspected: number; inactive: number; assertions: number };
  addClient(c: IdentityClient): void;
  /** Its introspection also accepts tokens of `other` (one Dovecot, two identity servers). */
  trust(other: IdentityServer): void;
  /** Checks a token as Dovecot's passdb does; null when invalid or expired. */
  introspect(token: string): Promise<{ username: string } | null>;
  stop(): Promise<void>;
}

export const TEST_SCOPE = "mail.imap mail.smtp";

/** A CA and a certificate for 127.0.0.1/localhost signed by it, made with openssl. */
export function makeTestCertificates(dir: string): { caFile: string; certFile: string; keyFile: string } {
  const f = (n: string) => join(dir, n);
  const ssl = (...args: string[]) => execFileSync("openssl", args, { stdio: "pipe" });
  ssl(
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-keyout",
    f("ca.key"),
    "-out",
    f("ca.pem"),
    "-days",
    "2",
    "-subj",
    "/CN=pinmail test CA",
    "-addext",
    "basicConstraints=critical,CA:TRUE",
    "-addext",
    "keyUsage=critical,keyCertSign,cRLSign",
  );
  ssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", f("server.key"), "-out", f("server.csr"), "-subj", "/CN=127.0.0.1");
  writeFileSync(
    f("server.ext"),
    "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n",
  );
  ssl(
    "x509",
    "-req",
    "-in",
    f("server.csr"),
    "-CA",
    f("ca.pem"),
    "-CAkey",
    f("ca.key"),
    "-CAcreateserial",
    "-out",
    f("server.pem"),
    "-days",
    "2",
    "-extfile",
    f("server.ext"),
  );
  return { caFile: f("ca.pem"), certFile: f("server.pem"), keyFile: f("server.key") };
}

export async function startIdentityServer(opts: { https?: boolean; tokenTtlSeconds?: number; tenantId?: string } = {}): Promise<IdentityServer> {
  const dir = mkdtempSync(join(tmpdir(), "pinmail-idp-"));
  const certs = opts.https ? makeTestCertificates(dir) : null;
  const tenantId = opts.tenantId ?? `tenant-${randomBytes(3).toString("hex")}`;
  // The token endpoint where msal-node looks for it (<authority>/<tenant>/oauth2/v2.0/token).
  const tokenPath = `/${tenantId}/oauth2/v2.0/token`;
  const server = new OAuth2Server(certs?.keyFile, certs?.certFile, { endpoints: { token: tokenPath, introspect: "/mock-introspect" } });
  await server.issuer.keys.generate("RS256");
  await server.start(0, "127.0.0.1");
  const port = server.address().port;
  const url = `${certs ? "https" : "http"}://127.0.0.1:${port}`;
  server.issuer.url = url;
  const clients = new Map<string, IdentityClient>();
  const pendingUser = new WeakMap<object, string>();
  const trusted: IdentityServer[] = [];

  const idp = {
    url,
    tokenUrl: `${url}${tokenPath}`,
    introspectionUrl: "",
    caFile: certs?.caFile ?? null,
    authorityUrl: url,
    tenantId,
    tokenTtlSeconds: opts.tokenTtlSeconds ?? 3600,
    refusing: false,
    counts: { issued: 0, refused: 0, introspected: 0, inactive: 0, assertions: 0 },
    addClient(c: IdentityClient) {
      clients.set(c.id, c);
    },
    trust(other: IdentityServer) {
      trusted.push(other);
    },
    async introspect(token: string): Promise<{ username: string } | null> {
      try {
        const jwks = createLocalJWKSet({ keys: server.issuer.keys.toJSON() as never });
        const { payload } = await jwtVerify(token, jwks, { issuer: url, algorithms: ["RS256"] });
        return typeof payload["username"] === "string" ? { username: payload["username"] } : null;
      } catch {
        for (const other of trusted) {
          const r = await other.introspect(token);
          if (r) return r;
        }
        return null;
      }
    },
    async stop() {
      await server.stop();
      await new Promise((r) => introspection.close(r));
      rmSync(dir, { recursive: true, force: true });
    },
  };

  /** Which client asked: client_secret_post, HTTP Basic, or (msal with a certificate) a client assertion. */
  const clientOf = (req: { body?: unknown; headers: Record<string, string | string[] | undefined> }): { client: IdentityClient | null; ok: boolean } => {
    const body = (req.body ?? {}) as Record<string, string>;
    const basic = /^Basic (.+)$/i.exec(String(req.headers["authorization"] ?? ""));
    const [id, secret] = basic ? Buffer.from(basic[1]!, "base64").toString().split(":").map(decodeURIComponent) : [body["client_id"], body["client_secret"]];
    const client = id ? (clients.get(id) ?? null) : null;
    if (!client) return { client: null, ok: false };
    // A certificate's signed assertion (msal-node): its form is checked, its signature is not.
    if (body["client_assertion"])
      return {
        client,
        ok: body["client_assertion_type"] === "urn:ietf:params:oauth:client-assertion-type:jwt-bearer" && body["client_assertion"].split(".").length === 3,
      };
    return { client, ok: secret === client.secret };
  };

  server.service.on(
    "beforeTokenSigning",
    (token: { payload: Record<string, unknown> }, req: { body?: unknown; headers: Record<string, string | string[] | undefined> }) => {
      const { client } = clientOf(req);
      token.payload["exp"] = Math.floor(Date.now() / 1000) + idp.tokenTtlSeconds;
      if (client) {
        token.payload["username"] = client.user;
        token.payload["client_id"] = client.id;
        pendingUser.set(req, client.user);
      }
    },
  );
  server.service.on(
    "beforeResponse",
    (resp: { body: Record<string, unknown>; statusCode: number }, req: { body?: unknown; headers: Record<string, string | string[] | undefined> }) => {
      const { ok } = clientOf(req);
      if (idp.refusing || !ok) {
        idp.counts.refused++;
        resp.statusCode = 401;
        resp.body = idp.refusing
          ? { error: "invalid_client", error_description: "AADSTS7000222: The provided client secret keys for app are expired." }
          : { error: "invalid_client", error_description: "client authentication failed" };
        return;
      }
      idp.counts.issued++;
      if ((req.body as Record<string, string> | undefined)?.["client_assertion"]) idp.counts.assertions++;
      resp.body["expires_in"] = idp.tokenTtlSeconds;
    },
  );

  // Dovecot's oauth2 passdb talks plain http here (no CA setup for it); so does the SMTP receiver.
  const introspection: Server = createServer((req, res) => {
    let data = "";
    req.on("data", (c: Buffer) => (data += c.toString()));
    req.on("end", async () => {
      const token = new URLSearchParams(data).get("token") ?? "";
      idp.counts.introspected++;
      const r = await idp.introspect(token);
      if (!r) idp.counts.inactive++;
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(r ? { active: true, username: r.username } : { active: false }));
    });
  });
  await new Promise<void>((r) => introspection.listen(0, "127.0.0.1", r));
  idp.introspectionUrl = `http://127.0.0.1:${(introspection.address() as { port: number }).port}/introspect`;
  return idp;
}
