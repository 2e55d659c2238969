import { describe, expect, it } from "vitest";
import { seal, unseal } from "../../../src/outbox/seal.js";
import { classifySmtpError } from "../../../src/outbox/smtp-error.js";
import { composeOutbound } from "../../../src/outbox/compose.js";
import { strongSecret } from "../../harness/secrets.js";

const secret = strongSecret();
const otherSecret = strongSecret();

describe("sealed pending mail", () => {
  it("round-trips and never holds the plain text", () => {
    const box = seal("PIN: 12345678", secret);
    expect(box.toString("latin1")).not.toContain("12345678");
    expect(unseal(box, [secret])).toBe("PIN: 12345678");
  });
  it("opens with a previous secret during rotation, and fails clearly without it", () => {
    const box = seal("x", secret);
    expect(unseal(box, [otherSecret, secret])).toBe("x");
    expect(() => unseal(box, [otherSecret])).toThrow(/PIN_SECRET_PREVIOUS/);
  });
});

describe("SMTP failures", () => {
  it.each([
    [550, true],
    [552, true],
    [503, false],
    [421, false],
    [451, false],
  ])("%i permanent=%s", (code, permanent) => {
    expect(classifySmtpError({ responseCode: code, message: "x" }).permanent).toBe(permanent);
  });
  it("treats a dropped connection as transient", () => {
    expect(classifySmtpError(Object.assign(new Error("Connection closed"), { code: "ECONNECTION" })).permanent).toBe(false);
  });
});

describe("composing a reply", () => {
  const input = {
    requestId: 1,
    userId: 2,
    reference: "PM-261126-7K3Q",
    purpose: "reply" as const,
    template: "pin-issued",
    locale: "en",
    to: "maria@northwind.example",
    inReplyTo: { subject: "PIN Reset\r\nBcc: victim@example.org", messageId: "<abc@northwind.example>" },
    rendered: { subject: "ignored", text: "PIN: 12345678\n", html: "<p>PIN: 12345678</p>" },
    masked: { subject: "ignored", text: "PIN: ••••••••\n", html: "<p>PIN: ••••••••</p>" },
    pin: "12345678",
    ownDomain: "pinmail.example",
    pinSecret: secret,
    autoSubmitted: "auto-replied" as const,
    dedupeKey: "1:reply",
  };
  it("keeps the subject on one line and threads to the request", () => {
    const row = composeOutbound(input);
    expect(row.subject).toBe("Re: PIN Reset Bcc: victim@example.org");
    expect(row.headers).toMatchObject({
      "In-Reply-To": "<abc@northwind.example>",
      References: "<abc@northwind.example>",
      "Auto-Submitted": "auto-replied",
      "X-Auto-Response-Suppress": "All",
    });
    expect(row.messageId).toMatch(/^<pm-261126-7k3q\.reply\.[0-9a-f]{8}@pinmail\.example>$/);
  });
  it("stores the PIN only sealed; the masked copy has no PIN", () => {
    const row = composeOutbound(input);
    expect(row.maskedText).not.toContain("12345678");
    expect(row.maskedHtml).not.toContain("12345678");
    expect(unseal(row.encrypted!, [secret])).toContain("12345678");
  });
  it("keeps the placeholder rendering as the masked copy, and refuses a PIN reply without one (issue 13.5)", () => {
    // A template that printed the PIN in halves: digit replacement on the real text would miss it.
    const split = {
      ...input,
      rendered: { subject: "s", text: "PIN: 12345678\nfirst 1234 then 5678\n", html: "<p>1234</p><p>5678</p>" },
      masked: { subject: "s", text: "PIN: ••••••••\nfirst •••• then ••••\n", html: "<p>••••</p><p>••••</p>" },
    };
    const row = composeOutbound(split);
    expect(row.maskedText).toBe("PIN: ••••••••\nfirst •••• then ••••\n");
    expect(row.maskedHtml).toBe("<p>••••</p><p>••••</p>");
    expect(() => composeOutbound({ ...input, masked: undefined })).toThrow(/placeholder PIN/);
  });
  it("drops a Message-ID of an unexpected shape instead of copying it into headers", () => {
    const row = composeOutbound({ ...input, inReplyTo: { subject: "PIN Reset", messageId: "<a@b>\r\nX-Evil: 1" } });
    expect(row.headers["In-Reply-To"]).toBeUndefined();
  });
});
