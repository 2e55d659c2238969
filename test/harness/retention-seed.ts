// Seeding for the retention tests (issue 19): requests that arrived a given number of days before
// a fixed "today", with replies, PINs, reminders and events, straight into PostgreSQL.
import { randomBytes } from "node:crypto";
import type { Db } from "../../src/store/prisma.js";

export const DAY = 86_400_000;
export const TODAY = new Date("2027-06-15T12:00:00Z");
export const daysAgo = (n: number, from = TODAY) => new Date(from.getTime() - n * DAY);

let uid = 1;

export async function seedUser(db: Db, email: string, o: { first?: string; last?: string; lastSignInAt?: Date | null; createdAt?: Date } = {}) {
  const org = await db.organization.create({ data: { ref: `org-${randomBytes(4).toString("hex")}`, name: "Seeded Organization" } });
  return db.portalUser.create({
    data: {
      organizationId: org.id,
      role: "secondary",
      firstName: o.first ?? "Ada",
      lastName: o.last ?? "Lovelace",
      email,
      lastSignInAt: o.lastSignInAt ?? null,
      createdAt: o.createdAt ?? daysAgo(2000),
    },
  });
}

export async function seedRequest(
  db: Db,
  sender: string,
  arrivedDaysAgo: number,
  o: { state?: string; userId?: number | null; reply?: boolean; pinUsedDaysAgo?: number; messageId?: string; outcome?: string } = {},
) {
  const arrived = daysAgo(arrivedDaysAgo);
  const n = uid++;
  const messageId = o.messageId ?? `<seed-${n}-${randomBytes(4).toString("hex")}@example.test>`;
  const raw = Buffer.from(`From: ${sender}\r\nMessage-ID: ${messageId}\r\nSubject: PIN reset\r\n\r\nHello, I am Ada Lovelace and I need a PIN.\r\n`);
  const r = await db.inboundRequest.create({
    data: {
      reference: `RQ-SEED-${n}-${randomBytes(3).toString("hex").toUpperCase()}`,
      messageKey: messageId,
      messageId,
      mailbox: "INBOX",
      uidValidity: 1n,
      uid: n,
      internalDate: arrived,
      receivedAt: arrived,
      takenAt: new Date(arrived.getTime() + 60_000),
      sender,
      senderName: "Ada Lovelace",
      subject: "PIN reset",
      kind: "reset",
      state: o.state ?? "answered",
      outcome: o.outcome ?? "pin-issued",
      parsedFirstName: "Ada",
      parsedLastName: "Lovelace",
      userId: o.userId ?? null,
      rawSource: raw,
      rawSize: raw.length,
    },
  });
  await db.auditEvent.create({ data: { requestId: r.id, type: "received", actor: "pinmail", at: arrived, detail: { from: sender } } });
  if (o.reply !== false) {
    await db.outboundMessage.create({
      data: {
        dedupeKey: `${r.id}:reply`,
        requestId: r.id,
        userId: o.userId ?? null,
        purpose: "reply",
        template: "pin-issued",
        locale: "en",
        toAddress: sender,
        messageId: `<reply-${n}-${randomBytes(4).toString("hex")}@pinmail.test>`,
        subject: "Your PIN",
        headers: {},
        maskedText: "Your PIN is ••••••••. Dear Ada Lovelace",
        maskedHtml: "<p>Your PIN is ••••••••. Dear Ada Lovelace</p>",
        status: "sent",
        createdAt: arrived,
        sentAt: arrived,
      },
    });
  }
  if (o.userId) {
    await db.pin.create({
      data: {
        userId: o.userId,
        requestId: r.id,
        hash: randomBytes(32).toString("hex"),
        keyId: "k1",
        issuedAt: arrived,
        expiresAt: new Date(arrived.getTime() + 14 * DAY),
        usedAt: o.pinUsedDaysAgo !== undefined ? daysAgo(o.pinUsedDaysAgo) : null,
      },
    });
  }
  return r;
}
