import { createHash, createHmac, randomInt as cryptoRandomInt, timingSafeEqual } from "node:crypto";

/**
 * PINs are stored only as HMAC-SHA-256(secret, pin) in hex, next to the key id of the secret
 * that made them. The secret lives outside the database, so a leaked table cannot be
 * brute-forced over the small PIN space. The key id lets a PIN made under a secret that is
 * being rotated out (PIN_SECRET_PREVIOUS) still be checked, without storing that secret.
 */

export function generatePin(length: number, randomInt: (max: number) => number = cryptoRandomInt): string {
  if (!Number.isInteger(length) || length < 4 || length > 32) {
    throw new RangeError(`PIN length must be an integer from 4 to 32, got ${length}`);
  }
  let pin = "";
  for (let i = 0; i < length; i++) {
    const digit = randomInt(10);
    if (!Number.isInteger(digit) || digit < 0 || digit > 9) throw new Error("random source gave a non-digit");
    pin += String(digit);
  }
  return pin;
}

export function hashPin(pin: string, secret: string): string {
  return createHmac("sha256", secret).update(pin, "utf8").digest("hex");
}

export function verifyPin(pin: string, hash: string, secret: string): boolean {
  const expected = Buffer.from(hashPin(pin, secret), "hex");
  const actual = Buffer.from(hash, "hex");
  // A malformed stored hash decodes to a different length; timingSafeEqual would throw.
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** First 8 hex characters of SHA-256 of the secret: names a secret without revealing it. */
export function keyIdFor(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex").slice(0, 8);
}

/** Picks, among the current and previous secrets, the one a stored key id refers to. */
export function secretForKeyId(keyId: string, secrets: readonly string[]): string | undefined {
  return secrets.find((secret) => keyIdFor(secret) === keyId);
}

/** Replaces every occurrence of the PIN with as many '•', for the copy kept after delivery. */
export function maskPin(text: string, pin: string): string {
  if (pin.length === 0) return text;
  return text.split(pin).join("•".repeat(pin.length));
}
