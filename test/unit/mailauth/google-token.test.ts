// google-auth-library does not let the token URL be set, so this test looks at what it would
// send to Google: a JWT-bearer grant whose assertion, signed with the service account's key,
// asks for https://mail.google.com/ on behalf of the mailbox (domain-wide delegation's `sub`).
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeProtectedHeader, importSPKI, jwtVerify } from "jose";
import { describe, expect, it } from "vitest";
import { TokenError } from "../../../src/mailauth/access-token.js";
import { createGoogleFetcher } from "../../../src/mailauth/google.js";

function serviceAccount() {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const dir = mkdtempSync(join(tmpdir(), "pinmail-google-"));
  const file = join(dir, "key.json");
  writeFileSync(
    file,
    JSON.stringify({
      type: "service_account",
      client_email: "pinmail@project.iam.gserviceaccount.com",
      private_key: privateKey.export({ type: "pkcs8", format: "pem" }),
      private_key_id: "key-1",
      token_uri: "https://oauth2.googleapis.com/token",
    }),
  );
  return { file, publicPem: publicKey.export({ type: "spki", format: "pem" }).toString() };
}

describe("MAIL_AUTH=google through google-auth-library", () => {
  it("asks Google's token endpoint for the mail scope as the mailbox, signed with the key", async () => {
    const sa = serviceAccount();
    const seen: Array<{ url: string; body: string }> = [];
    const fetchImplementation = (async (url: string | URL, init?: RequestInit) => {
      seen.push({ url: String(url), body: String(init?.body) });
      return new Response(JSON.stringify({ access_token: "ya29.test", expires_in: 3599, token_type: "Bearer" }), {
        status: 200,
        headers: { "content-type": "application/json" },
      });
    }) as typeof fetch;
    const fetcher = createGoogleFetcher(sa.file, "pin-reset@example.org", { transporterOptions: { fetchImplementation } });
    const t = await fetcher(false);
    expect(t.token).toBe("ya29.test");
    expect(t.expiresAt).toBeGreaterThan(Date.now() + 3500_000);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.url).toBe("https://oauth2.googleapis.com/token");
    const form = new URLSearchParams(seen[0]!.body);
    expect(form.get("grant_type")).toBe("urn:ietf:params:oauth:grant-type:jwt-bearer");
    const assertion = form.get("assertion")!;
    expect(decodeProtectedHeader(assertion)).toMatchObject({ alg: "RS256" });
    const { payload } = await jwtVerify(assertion, await importSPKI(sa.publicPem, "RS256"), { audience: "https://oauth2.googleapis.com/token" });
    expect(payload).toMatchObject({ iss: "pinmail@project.iam.gserviceaccount.com", sub: "pin-reset@example.org", scope: "https://mail.google.com/" });
  });

  it("explains Google's refusal when delegation is missing, without the key", async () => {
    const sa = serviceAccount();
    const fetchImplementation = (async () =>
      new Response(
        JSON.stringify({
          error: "unauthorized_client",
          error_description: "Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested.",
        }),
        {
          status: 401,
          headers: { "content-type": "application/json" },
        },
      )) as unknown as typeof fetch;
    const err = await createGoogleFetcher(sa.file, "pin-reset@example.org", { transporterOptions: { fetchImplementation } })(false).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TokenError);
    expect((err as TokenError).failure.reason).toBe("not_allowed");
    expect((err as TokenError).message).toMatch(/^unauthorized_client .*domain-wide delegation is missing/);
    expect((err as TokenError).message).not.toMatch(/PRIVATE KEY/);
  });
});
