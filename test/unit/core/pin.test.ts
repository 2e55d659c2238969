import { describe, expect, it } from "vitest";
import { generatePin, hashPin, keyIdFor, maskPin, secretForKeyId, verifyPin } from "../../../src/core/pin.js";
import { strongSecret } from "../../harness/secrets.js";

describe("generatePin", () => {
  it("keeps leading zeros", () => {
    const digits = [0, 0, 7, 1, 2, 3, 4, 5];
    expect(generatePin(8, () => digits.shift() ?? 9)).toBe("00712345");
  });

  it("asks the random source for one digit at a time", () => {
    const maxes: number[] = [];
    generatePin(6, (max) => {
      maxes.push(max);
      return 3;
    });
    expect(maxes).toEqual([10, 10, 10, 10, 10, 10]);
  });

  it("uses crypto.randomInt by default", () => {
    const pins = Array.from({ length: 20 }, () => generatePin(8));
    for (const pin of pins) expect(pin).toMatch(/^\d{8}$/);
    expect(new Set(pins).size).toBeGreaterThan(15);
  });

  it.each([0, 3, 33, 7.5])("rejects length %s", (length) => {
    expect(() => generatePin(length)).toThrow(RangeError);
  });

  it("rejects a random source that is not a digit", () => {
    expect(() => generatePin(8, () => 10)).toThrow();
  });
});

describe("hashPin / verifyPin", () => {
  const secret = "a-long-random-secret";

  it("is HMAC-SHA-256 in hex", () => {
    // echo -n 12345678 | openssl dgst -sha256 -hmac a-long-random-secret
    expect(hashPin("12345678", secret)).toBe("7922ba47dac3cc26de62853d03e88949a50a39eb602f9cdbd48711d2317a7c47");
  });

  it("verifies the right PIN under the right secret only", () => {
    const hash = hashPin("00712345", secret);
    expect(verifyPin("00712345", hash, secret)).toBe(true);
    expect(verifyPin("712345", hash, secret)).toBe(false);
    expect(verifyPin("00712346", hash, secret)).toBe(false);
    expect(verifyPin("00712345", hash, strongSecret())).toBe(false);
  });

  it("treats a malformed stored hash as a mismatch", () => {
    expect(verifyPin("00712345", "not-hex", secret)).toBe(false);
    expect(verifyPin("00712345", "", secret)).toBe(false);
  });
});

describe("keyIdFor / secretForKeyId", () => {
  it("is the first 8 hex digits of SHA-256 of the secret", () => {
    // echo -n secret | sha256sum → 2bb80d53…
    expect(keyIdFor("secret")).toBe("2bb80d53");
  });

  it("finds the secret a stored PIN was made with during rotation", () => {
    const current = strongSecret();
    const previous = [strongSecret(), strongSecret()];
    const keyId = keyIdFor(previous[1]!);
    const hash = hashPin("12345678", previous[1]!);
    const secret = secretForKeyId(keyId, [current, ...previous]);
    expect(secret).toBe(previous[1]);
    expect(verifyPin("12345678", hash, secret ?? "")).toBe(true);
    expect(secretForKeyId("ffffffff", [current, ...previous])).toBeUndefined();
  });
});

describe("maskPin", () => {
  it.each([
    ["PIN: 12345678\nExpires soon", "12345678", "PIN: ••••••••\nExpires soon"],
    ["12345678 and again 12345678", "12345678", "•••••••• and again ••••••••"],
    ["<p>PIN: <b>00712345</b></p>", "00712345", "<p>PIN: <b>••••••••</b></p>"],
    ["no pin here", "12345678", "no pin here"],
    ["text", "", "text"],
  ])("%j", (text, pin, expected) => {
    expect(maskPin(text, pin)).toBe(expected);
  });
});
