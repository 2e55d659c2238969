// Issue 13.4: enrollment lockouts a stranger can neither trigger for everyone nor dodge. The
// portal calls the API server to server, so every request arrives from the portal's address; the
// portal passes its end user's address as `clientIp`. Forwarding headers count only from
// TRUSTED_PROXIES. A whole pinmail on real services, called over real HTTP from 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPin, keyIdFor } from "../../src/core/pin.js";
import { testRecords } from "../fixtures/records.js";
import { API_TOKEN, startHarness, type Harness } from "../harness/pinmail.js";

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ records: testRecords(), env: { WEB_PUBLIC_URL: "https://pinmail.example" } });
});
afterAll(async () => {
  await h?.stop();
});

async function givePin(email: string, pin: string) {
  const user = await h.db.portalUser.findUniqueOrThrow({ where: { email } });
  const secret = h.env.PIN_SECRET!;
  await h.db.pin.create({ data: { userId: user.id, hash: hashPin(pin, secret), keyId: keyIdFor(secret), expiresAt: new Date(Date.now() + 86_400_000) } });
}

async function post(body: Record<string, unknown>, headers: Record<string, string> = {}) {
  const r = await fetch(`${h.url}/api/enrollments`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${API_TOKEN}`, ...headers },
    body: JSON.stringify(body),
  });
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
}

const wrong = (i: number) => ({ firstName: `Guess${i}`, lastName: "Nobody", pin: String(20000000 + i) });

describe("enrollment lockout keyed on the portal's clientIp", () => {
  it("20 wrong attempts from one end user do not lock out another user of the same portal", async () => {
    await givePin("maria.santos@northwind.test", "31415926");
    for (let i = 0; i < 20; i++) expect((await post({ ...wrong(i), clientIp: "198.51.100.66" })).status).toBe(422);
    expect((await post({ ...wrong(99), clientIp: "198.51.100.66" })).status).toBe(429);
    const other = await post({ firstName: "Maria", lastName: "Santos", pin: "31415926", clientIp: "203.0.113.5" });
    expect(other).toEqual({ status: 200, body: expect.objectContaining({ enrolled: true }) });
  });

  it("an IPv6 end user cannot dodge by taking another address in the same /64", async () => {
    for (let i = 0; i < 20; i++) await post({ ...wrong(100 + i), clientIp: `2001:db8:5:6::${(i + 1).toString(16)}` });
    expect((await post({ ...wrong(200), clientIp: "2001:db8:5:6:ffff::1" })).status).toBe(429);
  });

  it.each([["not-an-ip"], ["203.0.113.5:443"], ["[2001:db8::1]"], ["203.0.113.999"], [""], [42]])("answers 400 to clientIp %j", async (clientIp) => {
    const r = await post({ firstName: "Maria", lastName: "Santos", pin: "12345678", clientIp });
    expect(r.status).toBe(400);
    expect(String(r.body["message"])).toContain("clientIp");
  });
});

describe("forwarding headers count only from TRUSTED_PROXIES", () => {
  it("behind WEB_PUBLIC_URL without TRUSTED_PROXIES, a chosen X-Forwarded-For does not dodge the client lockout", async () => {
    for (let i = 0; i < 20; i++) await post(wrong(300 + i), { "x-forwarded-for": `192.0.2.${i + 1}` });
    expect((await post(wrong(399), { "x-forwarded-for": "192.0.2.200" })).status).toBe(429);
  });

  it("with TRUSTED_PROXIES naming the proxy, its X-Forwarded-For is the client", async () => {
    h.env["TRUSTED_PROXIES"] = "127.0.0.1, ::1";
    await h.restart();
    try {
      // The connection (127.0.0.1) is locked out by the test above; the forwarded client is not.
      for (let i = 0; i < 20; i++) expect((await post(wrong(400 + i), { "x-forwarded-for": "192.0.2.77" })).status).toBe(422);
      expect((await post(wrong(499), { "x-forwarded-for": "192.0.2.77" })).status).toBe(429);
      expect((await post(wrong(498), { "x-forwarded-for": "192.0.2.78" })).status).toBe(422);
    } finally {
      delete h.env["TRUSTED_PROXIES"];
    }
  });
});
