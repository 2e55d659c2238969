import { describe, expect, it } from "vitest";
import { checkSenderAuth } from "../../../src/core/sender-auth.js";

const ours = "mx.pinmail.example";
const pass = `${ours}; dmarc=pass header.from=northwind.example; spf=pass smtp.mailfrom=northwind.example`;
const fail = `${ours}; dmarc=fail (p=reject) header.from=northwind.example`;

describe("sender authentication", () => {
  it("trusts the mailbox when not configured", () => {
    expect(checkSenderAuth([fail], "a@northwind.example", { authservId: undefined, require: false }).decision).toBe("proceed");
  });
  it("sends an explicit DMARC fail from our server to review", () => {
    expect(checkSenderAuth([fail], "a@northwind.example", { authservId: ours, require: false }).decision).toBe("review");
  });
  it("reads only the topmost header carrying our id (a forged one below is ignored)", () => {
    expect(checkSenderAuth([fail, pass], "a@northwind.example", { authservId: ours, require: true }).decision).toBe("review");
    expect(checkSenderAuth([pass, fail], "a@northwind.example", { authservId: ours, require: true }).decision).toBe("proceed");
  });
  it("ignores headers from other servers", () => {
    const forged = "mx.attacker.example; dmarc=pass header.from=northwind.example";
    expect(checkSenderAuth([forged], "a@northwind.example", { authservId: ours, require: true }).decision).toBe("review");
  });
  it("without DMARC, requires an aligned SPF or DKIM pass", () => {
    const aligned = `${ours}; spf=pass smtp.mailfrom=bounce.northwind.example`;
    const unaligned = `${ours}; dkim=pass header.d=mailer.example`;
    expect(checkSenderAuth([aligned], "a@northwind.example", { authservId: ours, require: true }).decision).toBe("proceed");
    expect(checkSenderAuth([unaligned], "a@northwind.example", { authservId: ours, require: true }).decision).toBe("review");
  });
  it("with MAIL_AUTHSERV_ID alone, anything but a fail proceeds", () => {
    expect(checkSenderAuth([], "a@northwind.example", { authservId: ours, require: false }).decision).toBe("proceed");
  });
});
