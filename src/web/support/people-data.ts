// People on record: search, and one person's details, requests and PIN history (never a PIN).
import type { Db } from "../../store/prisma.js";
import { requestRow } from "./request-data.js";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export async function searchPeople(db: Db, q: string | undefined, limit = 50) {
  const words = (q ?? "").split(/\s+/).filter(Boolean).slice(0, 5);
  const rows = await db.portalUser.findMany({
    where: words.length
      ? {
          AND: words.map((w) => ({
            OR: [
              { firstName: { contains: w, mode: "insensitive" as const } },
              { lastName: { contains: w, mode: "insensitive" as const } },
              { email: { contains: w, mode: "insensitive" as const } },
              { organization: { is: { name: { contains: w, mode: "insensitive" as const } } } },
            ],
          })),
        }
      : {},
    orderBy: [{ lastName: "asc" }, { firstName: "asc" }, { id: "asc" }],
    take: limit,
    include: { organization: { select: { name: true, ref: true } }, branch: { select: { name: true } } },
  });
  return rows.map((u) => ({
    id: u.id,
    email: u.email,
    firstName: u.firstName,
    lastName: u.lastName,
    role: u.role,
    active: u.active,
    organization: u.organization.name,
    branch: u.branch?.name ?? null,
  }));
}

export type PinStatus = "outstanding" | "used" | "expired" | "revoked";

export function pinStatus(p: { usedAt: Date | null; revokedAt: Date | null; expiresAt: Date }, now: Date): PinStatus {
  if (p.usedAt) return "used";
  if (p.revokedAt) return "revoked";
  return p.expiresAt <= now ? "expired" : "outstanding";
}

export async function loadPerson(db: Db, id: number, now: Date) {
  const u = await db.portalUser.findUnique({
    where: { id },
    include: {
      organization: { select: { ref: true, name: true, active: true } },
      branch: { select: { ref: true, name: true } },
      pins: { orderBy: { issuedAt: "desc" }, include: { request: { select: { reference: true } } } },
      requests: { orderBy: { id: "desc" }, take: 100 },
    },
  });
  if (!u) return null;
  // Requests sent from the address before it was matched also belong to the person.
  const unmatched = await db.inboundRequest.findMany({ where: { sender: u.email, userId: null }, orderBy: { id: "desc" }, take: 100 });
  const requests = [...u.requests, ...unmatched].sort((a, b) => b.id - a.id);
  const hold = await db.legalHold.findUnique({ where: { email: u.email }, select: { reason: true, placedBy: true, placedAt: true } });
  return {
    id: u.id,
    email: u.email,
    firstName: u.firstName,
    lastName: u.lastName,
    role: u.role,
    locale: u.locale,
    active: u.active,
    lastSignInAt: iso(u.lastSignInAt),
    createdAt: u.createdAt.toISOString(),
    organization: u.organization,
    branch: u.branch,
    /** A legal hold on the person's address (issue 19). */
    hold: hold ? { reason: hold.reason, placedBy: hold.placedBy, placedAt: hold.placedAt.toISOString() } : null,
    requests: requests.map(requestRow),
    pins: u.pins.map((p) => ({
      id: p.id,
      status: pinStatus(p, now),
      issuedAt: p.issuedAt.toISOString(),
      expiresAt: p.expiresAt.toISOString(),
      usedAt: iso(p.usedAt),
      revokedAt: iso(p.revokedAt),
      revokedReason: p.revokedReason,
      request: p.request?.reference ?? null,
    })),
  };
}

export type PersonDetail = NonNullable<Awaited<ReturnType<typeof loadPerson>>>;
