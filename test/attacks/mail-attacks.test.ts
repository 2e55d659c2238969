// Attacks by mail, through the real pipeline: forged and duplicated Authentication-Results
// (MAIL_AUTHSERV_ID, REQUIRE_SENDER_AUTH), enumeration of who is on record, and header/markup
// injection through names and subjects.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildMail } from "../harness/mail.js";
import { API_TOKEN, pinOf, startHarness, type Harness } from "../harness/pinmail.js";
import { settledRequest } from "../harness/settled.js";
import { testRecords } from "../fixtures/records.js";
import { loadCaughtMessage, readCaughtMessages, type CaughtMessage } from "../harness/mail-sink.js";

const AUTHSERV = "mx.pinmail.test";
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ records: testRecords(), env: { MAIL_AUTHSERV_ID: AUTHSERV } });
});
afterAll(async () => {
  await h?.stop();
});

const settled = (messageId: string) => settledRequest(h.db, messageId);

/** Sends one request and returns its settled row and the reply that went out for it. */
async function exchange(from: string, subject: string, body: string, headers: Record<string, string> = {}) {
  const mail = buildMail({ from, subject, body, headers });
  await h.append(mail.raw);
  const row = await settled(mail.messageId!);
  const out = await h.db.outboundMessage.findFirst({ where: { requestId: row.id } });
  const reply = out ? await waitReply(out.messageId) : null;
  return { mail, row, reply };
}

async function waitReply(messageId: string): Promise<CaughtMessage> {
  for (let i = 0; i < 150; i++) {
    const rec = (await readCaughtMessages(h.smtp.dir)).find((x) => x.messageId === messageId);
    if (rec) return loadCaughtMessage(h.smtp.dir, rec);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`reply ${messageId} never arrived`);
}

const activePins = (email: string) => h.db.pin.count({ where: { user: { email }, usedAt: null, revokedAt: null } });

describe("spoofing: Authentication-Results", () => {
  const maria = "Maria Santos <maria.santos@northwind.test>";
  const body = "First name: Maria\nLast name: Santos";

  it("issues a PIN when our server says DMARC pass", async () => {
    const { row, reply } = await exchange(maria, "PIN Reset", body, {
      "Authentication-Results": `${AUTHSERV}; spf=pass smtp.mailfrom=northwind.test; dmarc=pass header.from=northwind.test`,
    });
    expect(row.outcome).toBe("pin-issued");
    expect(pinOf(reply!)).toMatch(/^\d{8}$/);
  });

  it("sends a DMARC fail from our server to review: no PIN, the active PIN untouched", async () => {
    const before = await activePins("maria.santos@northwind.test");
    const pinRowsBefore = await h.db.pin.findMany({ where: { user: { email: "maria.santos@northwind.test" } }, select: { id: true, revokedAt: true } });
    const { row, reply } = await exchange(maria, "PIN Reset", body, {
      // Our server's verdict first (it prepends), then the attacker's own "pass" lines below it.
      "Authentication-Results": `${AUTHSERV}; spf=fail smtp.mailfrom=northwind.test; dmarc=fail header.from=northwind.test`,
      "X-Dummy":
        "x\r\nAuthentication-Results: attacker.example; dkim=pass; spf=pass; dmarc=pass\r\nAuthentication-Results: " +
        AUTHSERV +
        "; dmarc=pass header.from=northwind.test",
    });
    console.log(`[spoof] DMARC fail + forged pass lines below: ${row.state}/${row.outcome} (${row.reviewReason})`);
    expect(row.state).toBe("review");
    expect(row.reviewReason).toMatch(/DMARC failed/);
    expect(reply === null || pinOf(reply) === null).toBe(true);
    expect(await activePins("maria.santos@northwind.test")).toBe(before);
    const pinRowsAfter = await h.db.pin.findMany({ where: { user: { email: "maria.santos@northwind.test" } }, select: { id: true, revokedAt: true } });
    expect(pinRowsAfter).toEqual(pinRowsBefore);
  });

  it("ignores a DMARC fail that only a foreign server claims, and a forged 'ours' placed below a real one", async () => {
    const { row } = await exchange("Anne-Marie van der Berg <am@northwind.test>", "PIN Reset", "First name: Anne-Marie\nLast name: van der Berg", {
      "Authentication-Results": `${AUTHSERV}; dmarc=pass header.from=northwind.test`,
      "X-Dummy": `x\r\nAuthentication-Results: ${AUTHSERV}; dmarc=fail header.from=northwind.test\r\nAuthentication-Results: other.example; dmarc=fail`,
    });
    expect(row.outcome).toBe("pin-issued");
  });

  it("with REQUIRE_SENDER_AUTH=true, forged foreign passes and duplicated headers give no PIN", async () => {
    h.env["REQUIRE_SENDER_AUTH"] = "true";
    await h.restart();
    try {
      const forged = await exchange("Priya Natarajan <priya@northwind-to.test>", "PIN Reset", "First name: Priya\nLast name: Natarajan", {
        "Authentication-Results": "attacker.example; dkim=pass header.d=northwind-to.test; spf=pass smtp.mailfrom=northwind-to.test; dmarc=pass",
      });
      console.log(`[spoof] REQUIRE_SENDER_AUTH, only a foreign pass: ${forged.row.state} (${forged.row.reviewReason})`);
      expect(forged.row.state).toBe("review");
      expect(forged.reply === null || pinOf(forged.reply) === null).toBe(true);

      const noneOurs = await exchange("Priya Natarajan <priya@northwind-to.test>", "PIN Reset", "First name: Priya\nLast name: Natarajan", {
        "Authentication-Results": `${AUTHSERV}; dmarc=none header.from=northwind-to.test`,
        "X-Dummy": `x\r\nAuthentication-Results: ${AUTHSERV}; dmarc=pass header.from=northwind-to.test`,
      });
      expect(noneOurs.row.state).toBe("review");
      expect(await h.db.pin.count({ where: { user: { email: "priya@northwind-to.test" } } })).toBe(0);

      const ok = await exchange("Priya Natarajan <priya@northwind-to.test>", "PIN Reset", "First name: Priya\nLast name: Natarajan", {
        "Authentication-Results": `${AUTHSERV}; dkim=pass header.d=northwind-to.test; dmarc=pass header.from=northwind-to.test`,
      });
      expect(ok.row.outcome).toBe("pin-issued");
      expect(pinOf(ok.reply!)).toMatch(/^\d{8}$/);
    } finally {
      h.env["REQUIRE_SENDER_AUTH"] = "false";
      await h.restart();
    }
  });
});

describe("enumeration", () => {
  it("answers an unknown address identically whatever the mail claims", async () => {
    const claims: Array<[string, string]> = [
      ["no name", "Hello, please reset my PIN."],
      ["a stranger's name", "First name: Nobody\nLast name: Atall"],
      ["a registered person's name", "First name: Maria\nLast name: Santos"],
      ["a dormant organization's person", "Prénom : Éloïse\nNom : Dubois-Lévesque"],
      ["the primary user's name", "My name is Jean Tremblay"],
    ];
    const shapes: string[] = [];
    for (const [i, [label, body]] of claims.entries()) {
      const from = `enum${i}@unknown-${i}.test`;
      const { row, reply } = await exchange(from, "PIN Reset", body);
      expect(row.outcome, label).toBe("not-recognised");
      const mask = (s: string) => s.replaceAll(row.reference, "REF");
      const headerNames = reply!.parsed.headerLines
        .map((l) => l.key)
        .filter((k) => !["date", "message-id", "in-reply-to", "references", "to", "dkim-signature"].includes(k))
        .sort();
      // The not-recognised subject carries the reference (issue 13.8: its template's own subject).
      shapes.push(
        JSON.stringify({
          subject: mask(reply!.subject ?? ""),
          text: mask(reply!.parsed.text ?? ""),
          html: mask(String(reply!.parsed.html ?? "")),
          headerNames,
        }),
      );
    }
    console.log(`[enumeration] ${claims.length} claims from unknown addresses -> ${new Set(shapes).size} distinct reply`);
    expect(new Set(shapes).size).toBe(1);
  });

  it("answers every wrong enrollment combination the same way", async () => {
    const call = async (body: unknown, ip: string) => {
      const r = await fetch(`${h.url}/api/enrollments`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${API_TOKEN}`, "x-forwarded-for": ip },
        body: JSON.stringify(body),
      });
      return { status: r.status, body: await r.text() };
    };
    // A real, active PIN for Anne-Marie (issued in the spoofing test above), known only by its row.
    const wrong = [
      { firstName: "Anne-Marie", lastName: "van der Berg", pin: "00000000" },
      { firstName: "Nobody", lastName: "Atall", pin: "12345678" },
      { firstName: "Maria", lastName: "Santos", pin: "99999999" },
      { firstName: "Jean", lastName: "Tremblay", pin: "11111111" },
      { firstName: "Anne", lastName: "van der Berg", pin: "22222222" },
    ];
    const answers = new Set<string>();
    for (const w of wrong) answers.add(JSON.stringify(await call(w, "10.0.0.1")));
    console.log(`[enumeration] ${wrong.length} wrong enrollment combinations -> ${answers.size} distinct answer: ${[...answers][0]}`);
    expect(answers.size).toBe(1);
    expect(JSON.parse([...answers][0]!)).toEqual({ status: 422, body: JSON.stringify({ enrolled: false, error: "invalid_pin_or_name" }) });
  });
});

describe("injection", () => {
  it("keeps CR/LF and control characters in subjects and names out of reply headers", async () => {
    const clean = await exchange("stranger-a@inject.test", "PIN Reset", "Hi");
    const cleanNames = clean.reply!.parsed.headerLines.map((l) => l.key).sort();
    const b64 = (s: string) => `=?UTF-8?B?${Buffer.from(s).toString("base64")}?=`;
    const evil = [
      b64("PIN Reset\r\nBcc: victim@example.com"),
      b64("PIN Reset\rBcc: victim@example.com"),
      b64("PIN Reset\u0085Bcc: victim@example.com\u2028X-Evil: 1"),
      "PIN Reset =?UTF-8?Q?=0D=0ABcc:_victim@example.com?=",
    ];
    for (const [i, subject] of evil.entries()) {
      const from = `${b64("Jane\r\nBcc: victim@example.com")} <stranger-${i}@inject.test>`;
      const { reply } = await exchange(from, subject, "First name: Jane\r\nLast name: Doe");
      const names = reply!.parsed.headerLines.map((l) => l.key).sort();
      expect(names, subject).toEqual(cleanNames);
      expect(reply!.to).toEqual([`stranger-${i}@inject.test`]);
      const head = reply!.raw.toString("latin1").split("\r\n\r\n")[0]!;
      expect(head).not.toMatch(/^(bcc|x-evil):/im);
      expect(reply!.subject ?? "").not.toMatch(/[\r\n\u0085\u2028]/);
    }
    expect((await readCaughtMessages(h.smtp.dir)).some((m) => m.to.includes("victim@example.com"))).toBe(false);
  });

  it("never evaluates or passes through markup or template syntax a sender wrote", async () => {
    const bodies = [
      "First name: <img src=x onerror=alert(1)>\nLast name: van der Berg",
      "First name: Anne {{ 7*7 }}\nLast name: van der Berg",
      "First name: Anne-Marie{% raw %}\nLast name: {{'a' | append: 'b'}}",
      "First name: Anne<script>alert(1)</script>\nLast name: van der Berg",
    ];
    for (const body of bodies) {
      const { reply } = await exchange("Anne-Marie van der Berg <am@northwind.test>", "PIN Reset", body);
      const text = reply!.parsed.text ?? "";
      const html = String(reply!.parsed.html ?? "");
      expect(html).not.toMatch(/<img|<script|onerror=/i);
      expect(text + html).not.toMatch(/\b49\b|\bab\b/);
    }
  });
});
