// The audit trail the dashboard shows as a request's timeline. Details never hold a PIN.
import type { Db } from "./prisma.js";
import type { Prisma } from "../generated/prisma/client.js";

type Tx = Pick<Db, "auditEvent">;

export async function recordEvent(db: Tx, requestId: number | null, type: string, actor: string, detail: Record<string, unknown> = {}, userId: number | null = null): Promise<void> {
  await db.auditEvent.create({ data: { requestId, userId, type, actor, detail: detail as Prisma.InputJsonValue } });
}
