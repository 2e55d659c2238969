// The audit trail the dashboard shows as a request's timeline. Details never hold a PIN.
import type { Db } from "./prisma.js";
import type { Prisma } from "../generated/prisma/client.js";

type Tx = Pick<Db, "auditEvent">;

export async function recordEvent(
  db: Tx,
  requestId: number | null,
  type: string,
  actor: string,
  detail: Record<string, unknown> = {},
  userId: number | null = null,
): Promise<void> {
  await db.auditEvent.create({ data: { requestId, userId, type, actor, detail: detail as Prisma.InputJsonValue } });
}

/**
 * Events of one transaction, written by one insert when it is about to commit (the same
 * order, the same transaction) instead of one round trip each.
 */
export class AuditTrail {
  private readonly rows: Prisma.AuditEventCreateManyInput[] = [];

  add(requestId: number | null, type: string, actor: string, detail: Record<string, unknown> = {}, userId: number | null = null): void {
    this.rows.push({ requestId, userId, type, actor, detail: detail as Prisma.InputJsonValue });
  }

  /** Hands the collected events over (for a caller that writes them in its own statement). */
  take(): Array<{ requestId: number | null; userId: number | null; type: string; actor: string; detail: unknown }> {
    return this.rows.splice(0).map((r) => ({ requestId: r.requestId ?? null, userId: r.userId ?? null, type: r.type, actor: r.actor, detail: r.detail }));
  }

  async flush(db: Tx): Promise<void> {
    if (!this.rows.length) return;
    await db.auditEvent.createMany({ data: this.rows.splice(0) });
  }
}
