// Reset = a new version pointing at the default file (source null), so replies use templates/
// again, including any later change to that file.
import type { Db } from "../store/prisma.js";
import { appendVersion } from "./append-version.js";
import type { Actor } from "./templates-admin-deps.js";
import type { TemplateRef } from "./template-ref.js";

export async function resetTemplate(db: Db, input: { ref: TemplateRef; note?: string | null; actor: Actor }): Promise<{ version: number }> {
  const result = await appendVersion(db, {
    ref: input.ref,
    source: null,
    note: input.note?.trim() || "Reset to default",
    actor: input.actor,
    event: "template-reset",
  });
  if (!result.ok) throw new Error("unexpected conflict without a base version");
  return { version: result.version };
}
