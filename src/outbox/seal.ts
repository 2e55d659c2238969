// A pending reply that carries a PIN is kept encrypted at rest (AES-256-GCM, key derived from
// PIN_SECRET with HKDF) until it has been delivered; then only the masked copy remains.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

const INFO = "pinmail outbox v1";

// Derived once per secret: HKDF on every seal and unseal showed up in the profile.
const keys = new Map<string, Buffer>();

function keyFor(secret: string): Buffer {
  let key = keys.get(secret);
  if (!key) keys.set(secret, (key = Buffer.from(hkdfSync("sha256", secret, "pinmail", INFO, 32))));
  return key;
}

export function seal(plain: string, secret: string): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyFor(secret), iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

/** Tries the current secret, then the previous ones (PIN_SECRET_PREVIOUS) during a rotation. */
export function unseal(sealed: Uint8Array, secrets: readonly string[]): string {
  const buf = Buffer.from(sealed);
  for (const secret of secrets) {
    try {
      const decipher = createDecipheriv("aes-256-gcm", keyFor(secret), buf.subarray(0, 12));
      decipher.setAuthTag(buf.subarray(12, 28));
      return Buffer.concat([decipher.update(buf.subarray(28)), decipher.final()]).toString("utf8");
    } catch {
      // wrong key: try the next one
    }
  }
  throw new Error(
    "cannot decrypt a pending reply with PIN_SECRET or PIN_SECRET_PREVIOUS; was the secret changed without keeping the old one in PIN_SECRET_PREVIOUS?",
  );
}
