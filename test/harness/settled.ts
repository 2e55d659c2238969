import type { Db } from "../../src/store/prisma.js";

/** The request's row once the pipeline has put it where it waits (not received/processing); 20 s at most. */
export async function settledRequest(db: Db, messageId: string) {
  for (let i = 0; i < 200; i++) {
    const row = await db.inboundRequest.findUnique({ where: { messageKey: messageId } });
    if (row && !["received", "processing"].includes(row.state)) return row;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${messageId} did not settle`);
}
