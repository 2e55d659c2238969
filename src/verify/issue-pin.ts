// Issuing a PIN inside a caller's transaction: the user's outstanding PINs stop working, the new
// one is stored only as a keyed hash, and the audit trail says so (never the PIN). Shared by the
// pipeline's verification and by staff approving a case.
import { generatePin, hashPin, keyIdFor } from "../core/pin.js";
import { recordEvent, type AuditTrail } from "../store/audit.js";
import type { Db } from "../store/prisma.js";

export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

export interface PinSettings {
  pinSecret: string;
  pinLength: number;
  pinTtlDays: number;
}

const DAY = 86_400_000;

export async function issuePin(
  tx: Tx,
  settings: PinSettings,
  i: { userId: number; requestId: number; reference: string; now: Date; actor: string; audit?: AuditTrail },
): Promise<{ pin: string; expiresAt: Date }> {
  const pin = generatePin(settings.pinLength);
  const expiresAt = new Date(i.now.getTime() + settings.pinTtlDays * DAY);
  const revoked = await tx.pin.updateMany({
    where: { userId: i.userId, usedAt: null, revokedAt: null },
    data: { revokedAt: i.now, revokedReason: `replaced by ${i.reference}` },
  });
  // A request holds one PIN link; a staff re-issue on a reopened case moves the link to the new one
  // (the earlier PIN keeps its user, its history and its revocation).
  await tx.pin.updateMany({ where: { requestId: i.requestId }, data: { requestId: null } });
  await tx.pin.create({
    data: { userId: i.userId, requestId: i.requestId, hash: hashPin(pin, settings.pinSecret), keyId: keyIdFor(settings.pinSecret), issuedAt: i.now, expiresAt },
  });
  const detail = { expiresAt: expiresAt.toISOString(), revokedEarlier: revoked.count };
  if (i.audit) i.audit.add(i.requestId, "pin-issued", i.actor, detail, i.userId);
  else await recordEvent(tx, i.requestId, "pin-issued", i.actor, detail, i.userId);
  return { pin, expiresAt };
}
