// Writes the next version of a template: the one way save, rollback and reset change what is
// sent. Versions are never edited or deleted, so history is the audit of what went out when.
import type { Db } from "../store/prisma.js";
import { recordEvent } from "../store/audit.js";
import { formatTemplateFile, type TemplateSource } from "../reply/template-file.js";
import type { Actor } from "./templates-admin-deps.js";
import type { TemplateRef } from "./template-ref.js";

export interface AppendVersion {
  ref: TemplateRef;
  /** null: back to the default file in templates/. */
  source: TemplateSource | null;
  note: string | null;
  actor: Actor;
  /** What the editor started from; when another admin saved meanwhile, nothing is written. */
  baseVersion?: number;
  /** Audit event type: template-saved, template-rolled-back, template-reset. */
  event: string;
  detail?: Record<string, unknown>;
}

export type AppendResult = { ok: true; version: number } | { ok: false; reason: "conflict"; activeVersion: number };

export const MAX_NOTE_LENGTH = 500;

export async function appendVersion(db: Db, input: AppendVersion): Promise<AppendResult> {
  const { ref } = input;
  const stored = input.source === null ? null : formatTemplateFile(input.source);
  const note = input.note?.trim().slice(0, MAX_NOTE_LENGTH) || null;
  return db.$transaction(async (tx) => {
    // Two admins saving the same template at once would race for the same number; a per-template
    // lock makes the second wait and take the next one (the unique index is the backstop).
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`pinmail:template:${ref.name}.${ref.locale}`}))`;
    const newest = await tx.templateVersion.findFirst({
      where: { name: ref.name, locale: ref.locale },
      orderBy: { version: "desc" },
      select: { version: true },
    });
    const current = newest?.version ?? 0;
    if (input.baseVersion !== undefined && input.baseVersion !== current) return { ok: false as const, reason: "conflict" as const, activeVersion: current };
    const version = current + 1;
    await tx.templateVersion.create({ data: { name: ref.name, locale: ref.locale, version, source: stored, note, authorId: input.actor.id } });
    await recordEvent(tx, null, input.event, input.actor.email, { template: ref.name, locale: ref.locale, version, note, ...input.detail });
    return { ok: true as const, version };
  });
}
