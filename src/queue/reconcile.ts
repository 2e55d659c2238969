// PostgreSQL is the ledger: whatever it says is still to do gets its job (again). Job ids are
// derived from row ids, so this is harmless when the jobs exist, and it brings back work that
// an emptied Redis forgot.
import type { Db } from "../store/prisma.js";
import type { Producers } from "./producers.js";

export async function reconcile(db: Db, producers: Producers, olderThanMs = 5_000, now = new Date()): Promise<{ requests: number; mails: number }> {
  const before = new Date(now.getTime() - olderThanMs);
  const [requests, mails] = await Promise.all([
    db.inboundRequest.findMany({ where: { state: "received", createdAt: { lt: before } }, select: { id: true }, take: 5000 }),
    db.outboundMessage.findMany({ where: { status: "pending", createdAt: { lt: before } }, select: { id: true }, take: 5000 }),
  ]);
  if (requests.length) await producers.verifyRequests(requests.map((r) => r.id));
  if (mails.length) await producers.sendMail(mails.map((m) => m.id));
  return { requests: requests.length, mails: mails.length };
}
