// A person's data on request (issue 19): everything pinmail holds about one address, on record or
// not — registered details, requests with their outcomes, replies (PINs masked), PIN history
// (dates and states, never a PIN nor its hash), reminders, enrollment attempts, holds and audit
// events — as one zip: person.json plus the person's messages and replies as .eml files under
// messages/ (those still within retention). The export is itself audited.
import { PassThrough } from "node:stream";
import { ZipFile } from "yazl";
import { personKey } from "../enroll/enroll.js";
import type { Db } from "../store/prisma.js";
import { recordEvent } from "../store/audit.js";
import { normaliseAddress } from "./holds.js";

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** The rows of one person: `requestIds` and `userId` select everything else. */
export async function personRows(db: Db, address: string) {
  const email = normaliseAddress(address);
  if (!email) return null;
  const user = await db.portalUser.findUnique({
    where: { email },
    include: { organization: { select: { ref: true, name: true } }, branch: { select: { ref: true, name: true } } },
  });
  const requests = await db.inboundRequest.findMany({
    where: { OR: [{ sender: email }, ...(user ? [{ userId: user.id }] : [])] },
    orderBy: { id: "asc" },
    include: { hold: true },
  });
  const requestIds = requests.map((r) => r.id);
  const replies = await db.outboundMessage.findMany({
    where: {
      OR: [
        { requestId: { in: requestIds } },
        { requestId: null, toAddress: { equals: email, mode: "insensitive" } },
        ...(user ? [{ requestId: null, userId: user.id }] : []),
      ],
    },
    orderBy: { id: "asc" },
  });
  const pins = user ? await db.pin.findMany({ where: { userId: user.id }, orderBy: { id: "asc" }, include: { request: { select: { reference: true } } } }) : [];
  const reminders = user ? await db.reminderSent.findMany({ where: { userId: user.id }, orderBy: { id: "asc" } }) : [];
  const events = await db.auditEvent.findMany({
    where: {
      OR: [
        { requestId: { in: requestIds } },
        { requestId: null, detail: { path: ["email"], equals: email } },
        ...(user ? [{ requestId: null, userId: user.id }] : []),
      ],
    },
    orderBy: [{ at: "asc" }, { id: "asc" }],
  });
  const enrollmentAttempts = user
    ? await db.enrollmentAttempt.findMany({ where: { personKey: personKey(user.firstName, user.lastName) }, orderBy: { at: "asc" } })
    : [];
  const hold = await db.legalHold.findUnique({ where: { email } });
  return { email, user, requests, replies, pins, reminders, events, enrollmentAttempts, hold };
}

export type PersonRows = NonNullable<Awaited<ReturnType<typeof personRows>>>;

export function foundAnything(p: PersonRows): boolean {
  return !!p.user || p.requests.length > 0 || p.replies.length > 0 || p.events.length > 0;
}

/** person.json: what each row says, in the interface's words; no PIN, PIN hash or sealed copy. */
export function personDocument(p: PersonRows, exportedAt: Date) {
  const refOf = new Map(p.requests.map((r) => [r.id, r.reference]));
  return {
    exportedAt: exportedAt.toISOString(),
    email: p.email,
    registered: p.user
      ? {
          firstName: p.user.firstName,
          lastName: p.user.lastName,
          email: p.user.email,
          role: p.user.role,
          locale: p.user.locale,
          active: p.user.active,
          organization: p.user.organization,
          branch: p.user.branch,
          lastSignInAt: iso(p.user.lastSignInAt),
          createdAt: iso(p.user.createdAt),
        }
      : null,
    legalHold: p.hold ? { reason: p.hold.reason, placedAt: iso(p.hold.placedAt) } : null,
    requests: p.requests.map((r) => ({
      reference: r.reference,
      receivedAt: iso(r.receivedAt),
      takenAt: iso(r.takenAt),
      sender: r.sender,
      senderName: r.senderName,
      subject: r.subject,
      kind: r.kind,
      state: r.state,
      outcome: r.outcome,
      language: r.language,
      parsedName: { firstName: r.parsedFirstName, lastName: r.parsedLastName, fullName: r.parsedFullName, source: r.nameSource },
      reviewReason: r.reviewReason,
      ignoredReason: r.ignoredReason,
      decidedAt: iso(r.decidedAt),
      answeredAt: iso(r.answeredAt),
      rawSource: r.rawPurgedAt ? `removed by the retention purge on ${r.rawPurgedAt.toISOString()}` : `messages/${r.reference}.eml`,
      legalHold: r.hold ? { reason: r.hold.reason, placedAt: iso(r.hold.placedAt) } : null,
    })),
    replies: p.replies.map((o) => ({
      request: o.requestId ? (refOf.get(o.requestId) ?? null) : null,
      purpose: o.purpose,
      template: o.template,
      locale: o.locale,
      to: o.toAddress,
      subject: o.subject,
      status: o.status,
      createdAt: iso(o.createdAt),
      sentAt: iso(o.sentAt),
      text: o.maskedText || null,
      file: o.maskedText ? `messages/${replyFile(o)}` : null,
    })),
    pinHistory: p.pins.map((x) => ({
      request: x.request?.reference ?? null,
      issuedAt: iso(x.issuedAt),
      expiresAt: iso(x.expiresAt),
      usedAt: iso(x.usedAt),
      revokedAt: iso(x.revokedAt),
      revokedReason: x.revokedReason,
    })),
    reminders: p.reminders.map((r) => ({ kind: r.kind, stage: r.stage, basis: iso(r.basis), sentAt: iso(r.sentAt) })),
    enrollmentAttempts: p.enrollmentAttempts.map((a) => ({ at: iso(a.at), success: a.success })),
    auditEvents: p.events.map((e) => ({
      at: iso(e.at),
      request: e.requestId ? (refOf.get(e.requestId) ?? null) : null,
      type: e.type,
      actor: e.actor,
      detail: e.detail,
    })),
  };
}

const replyFile = (o: { id: number; requestId: number | null; purpose: string }) => `reply-${o.id}-${o.purpose.replace(/[^A-Za-z0-9-]/g, "")}.eml`;

/** A reply as the person received it, with the PIN masked (the only copy pinmail keeps once sent). */
export function replyEml(o: { messageId: string; toAddress: string; subject: string; sentAt: Date | null; createdAt: Date; maskedText: string }): Buffer {
  const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");
  const body = b64(o.maskedText).replace(/.{1,76}/g, "$&\r\n");
  return Buffer.from(
    [
      `Message-ID: ${o.messageId}`,
      `Date: ${(o.sentAt ?? o.createdAt).toUTCString().replace("GMT", "+0000")}`,
      `To: ${o.toAddress}`,
      `Subject: =?UTF-8?B?${b64(o.subject)}?=`,
      "MIME-Version: 1.0",
      "Content-Type: text/plain; charset=utf-8",
      "Content-Transfer-Encoding: base64",
      "",
      body,
    ].join("\r\n"),
  );
}

/** The zip as a Buffer (person.json, messages/*.eml). */
export async function personArchive(p: PersonRows, exportedAt: Date): Promise<Buffer> {
  const zip = new ZipFile();
  const mtime = exportedAt;
  zip.addBuffer(Buffer.from(`${JSON.stringify(personDocument(p, exportedAt), null, 2)}\n`), "person.json", { mtime });
  for (const r of p.requests) if (!r.rawPurgedAt && r.rawSource.length) zip.addBuffer(Buffer.from(r.rawSource), `messages/${r.reference}.eml`, { mtime });
  for (const o of p.replies) if (o.maskedText) zip.addBuffer(replyEml(o), `messages/${replyFile(o)}`, { mtime });
  zip.end();
  const chunks: Buffer[] = [];
  const sink = new PassThrough();
  zip.outputStream.pipe(sink);
  for await (const c of sink) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

export type ExportResult = { kind: "ok"; archive: Buffer; email: string; files: number } | { kind: "not-found" } | { kind: "invalid"; message: string };

/** Builds the archive and audits the export (the event is part of the person's history). */
export async function exportPerson(db: Db, actor: string, address: string, now = new Date()): Promise<ExportResult> {
  const p = await personRows(db, address);
  if (!p) return { kind: "invalid", message: `"${address}" is not an address` };
  if (!foundAnything(p)) return { kind: "not-found" };
  const archive = await personArchive(p, now);
  const files = 1 + p.requests.filter((r) => !r.rawPurgedAt && r.rawSource.length).length + p.replies.filter((o) => o.maskedText).length;
  await recordEvent(db, null, "person-exported", actor, { email: p.email, files }, p.user?.id ?? null);
  return { kind: "ok", archive, email: p.email, files };
}
