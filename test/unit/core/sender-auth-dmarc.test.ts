// Issue 13.11: a DMARC verdict speaks for the domain in its header.from; it counts for a request
// only when that is the From domain pinmail answers.
import { describe, expect, it } from "vitest";
import { checkSenderAuth } from "../../../src/core/sender-auth.js";

const ours = "mx.pinmail.example";
const strict = { authservId: ours, require: true };
const lenient = { authservId: ours, require: false };

describe("DMARC and the From domain", () => {
  it("a DMARC pass for another domain does not authenticate the sender", () => {
    const v = checkSenderAuth([`${ours}; dmarc=pass header.from=attacker.example`], "maria@northwind.example", strict);
    expect(v.decision).toBe("review");
  });

  it("a DMARC pass without header.from does not count", () => {
    expect(checkSenderAuth([`${ours}; dmarc=pass`], "maria@northwind.example", strict).decision).toBe("review");
  });

  it("a DMARC pass for a parent or sibling domain does not count (it must be the From domain)", () => {
    expect(checkSenderAuth([`${ours}; dmarc=pass header.from=example`], "maria@northwind.example", strict).decision).toBe("review");
    expect(checkSenderAuth([`${ours}; dmarc=pass header.from=mail.northwind.example`], "maria@northwind.example", strict).decision).toBe("review");
  });

  it("the From domain's own result is the one read, whatever comes first", () => {
    const v = checkSenderAuth(
      [`${ours}; dmarc=pass header.from=attacker.example; dmarc=fail header.from=northwind.example`],
      "maria@northwind.example",
      strict,
    );
    expect(v).toEqual({ decision: "review", status: "fail", reason: "DMARC failed" });
    const w = checkSenderAuth(
      [`${ours}; dmarc=pass header.from=attacker.example; dmarc=pass header.from=NorthWind.example`],
      "maria@northwind.example",
      strict,
    );
    expect(w).toEqual({ decision: "proceed", status: "pass", reason: "DMARC pass" });
  });

  it("without a DMARC result for the From domain, an aligned SPF or DKIM pass still decides", () => {
    const v = checkSenderAuth([`${ours}; dmarc=pass header.from=attacker.example; dkim=pass header.d=northwind.example`], "maria@northwind.example", strict);
    expect(v.decision).toBe("proceed");
  });

  it("a DMARC fail is never ignored, whatever domain it names (the server and pinmail read different From headers)", () => {
    expect(checkSenderAuth([`${ours}; dmarc=fail header.from=other.example`], "maria@northwind.example", lenient).decision).toBe("review");
  });
});
