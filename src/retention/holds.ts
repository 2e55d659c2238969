// Legal holds (issue 19): a person (any address pinmail may have mail from, on record or not) or
// one request is kept out of every purge and erasure until the hold is lifted. Placing and
// lifting are audited with the reason; a person's hold events carry the address so they belong
// to (and leave with) that person's history.
import type { Db } from "../store/prisma.js";
import { recordEvent } from "../store/audit.js";

export type HoldTarget = { email: string } | { reference: string };

export type HoldResult =
  | { kind: "ok"; hold: HoldView }
  | { kind: "invalid"; message: string }
  | { kind: "not-found"; message: string }
  | { kind: "conflict"; message: string };

export interface HoldView {
  target: "person" | "request";
  email: string | null;
  reference: string | null;
  reason: string;
  placedBy: string;
  placedAt: string;
}

const ADDRESS = /^[^\s@<>]+@[^\s@<>]+$/;
export const MAX_REASON = 500;

export function normaliseAddress(v: string): string | null {
  const a = v.trim().toLowerCase();
  return ADDRESS.test(a) && a.length <= 320 ? a : null;
}

function reasonProblem(reason: string): string | null {
  if (!reason.trim()) return "reason: required (why the data must be kept, e.g. an access request's file number)";
  if (reason.length > MAX_REASON) return `reason: at most ${MAX_REASON} characters`;
  return null;
}

async function resolve(db: Db, target: HoldTarget): Promise<{ email: string } | { requestId: number; reference: string } | { problem: HoldResult }> {
  if ("email" in target) {
    const email = normaliseAddress(target.email);
    return email ? { email } : { problem: { kind: "invalid", message: `email: "${target.email}" is not an address` } };
  }
  const r = await db.inboundRequest.findUnique({ where: { reference: target.reference.trim() }, select: { id: true, reference: true } });
  return r ? { requestId: r.id, reference: r.reference } : { problem: { kind: "not-found", message: `no request ${target.reference}` } };
}

const view = (h: { email: string | null; reason: string; placedBy: string; placedAt: Date; request?: { reference: string } | null }): HoldView => ({
  target: h.email ? "person" : "request",
  email: h.email,
  reference: h.request?.reference ?? null,
  reason: h.reason,
  placedBy: h.placedBy,
  placedAt: h.placedAt.toISOString(),
});

async function userIdOf(db: Db, email: string): Promise<number | null> {
  return (await db.portalUser.findUnique({ where: { email }, select: { id: true } }))?.id ?? null;
}

export async function placeHold(db: Db, actor: string, target: HoldTarget, reason: string): Promise<HoldResult> {
  const problem = reasonProblem(reason);
  if (problem) return { kind: "invalid", message: problem };
  const t = await resolve(db, target);
  if ("problem" in t) return t.problem;
  const text = reason.trim();
  const placed = db.$transaction(async (tx) => {
    const existing = await tx.legalHold.findFirst({ where: "email" in t ? { email: t.email } : { requestId: t.requestId } });
    if (existing) return { kind: "conflict", message: `already on hold since ${existing.placedAt.toISOString()} (${existing.reason})` } as const;
    const h = await tx.legalHold.create({
      data: "email" in t ? { email: t.email, reason: text, placedBy: actor } : { requestId: t.requestId, reason: text, placedBy: actor },
      include: { request: { select: { reference: true } } },
    });
    if ("email" in t) await recordEvent(tx, null, "hold-placed", actor, { email: t.email, reason: text }, await userIdOf(db, t.email));
    else await recordEvent(tx, t.requestId, "hold-placed", actor, { reason: text });
    return { kind: "ok", hold: view(h) } as const;
  });
  // Two admins at once: the unique index lets one in; the other hears it is already held.
  return placed.catch((err: { code?: string }) => {
    if (err.code === "P2002") return { kind: "conflict", message: "already on hold (placed a moment ago)" } as const;
    throw err;
  });
}

export async function liftHold(db: Db, actor: string, target: HoldTarget): Promise<HoldResult> {
  const t = await resolve(db, target);
  if ("problem" in t) return t.problem;
  return db.$transaction(async (tx) => {
    const h = await tx.legalHold.findFirst({
      where: "email" in t ? { email: t.email } : { requestId: t.requestId },
      include: { request: { select: { reference: true } } },
    });
    if (!h) return { kind: "not-found", message: "email" in t ? `${t.email} is not on hold` : `request ${t.reference} is not on hold` } as const;
    await tx.legalHold.delete({ where: { id: h.id } });
    if ("email" in t) await recordEvent(tx, null, "hold-lifted", actor, { email: t.email, reason: h.reason }, await userIdOf(db, t.email));
    else await recordEvent(tx, t.requestId, "hold-lifted", actor, { reason: h.reason });
    return { kind: "ok", hold: view(h) } as const;
  });
}

export async function listHolds(db: Db): Promise<HoldView[]> {
  const rows = await db.legalHold.findMany({ orderBy: { placedAt: "desc" }, include: { request: { select: { reference: true } } } });
  return rows.map(view);
}

/** The hold on a person's address or on a request, if any (for the People and case pages). */
export async function holdOf(db: Db, where: { email: string } | { requestId: number }): Promise<HoldView | null> {
  const h = await db.legalHold.findFirst({ where, include: { request: { select: { reference: true } } } });
  return h ? view(h) : null;
}
