// Rollback writes the chosen version's content as a new version (history only grows). Version 0,
// the default file, is the same as a reset. The old content is validated again: partials and
// the catalog live in code and may have changed since it was saved.
import type { Db } from "../store/prisma.js";
import type { DefaultTemplates } from "../reply/load-default-templates.js";
import { validateTemplate, type LinkPolicy, type TemplateError } from "../reply/validate-template.js";
import { appendVersion } from "./append-version.js";
import { loadTemplateVersion } from "./template-history.js";
import type { Actor } from "./templates-admin-deps.js";
import type { TemplateRef } from "./template-ref.js";
import type { TemplateSandbox } from "./template-sandbox.js";

export type RollbackResult = { ok: true; version: number } | { ok: false; reason: "not-found" } | { ok: false; reason: "invalid"; errors: TemplateError[] };

export async function rollbackTemplate(
  deps: { db: Db; defaults: DefaultTemplates; links?: LinkPolicy; sandbox?: TemplateSandbox },
  input: { ref: TemplateRef; version: number; note?: string | null; actor: Actor },
): Promise<RollbackResult> {
  const target = await loadTemplateVersion(deps.db, deps.defaults, input.ref, input.version);
  if (!target) return { ok: false, reason: "not-found" };
  if (!target.isDefault) {
    const validation = deps.sandbox
      ? await deps.sandbox.validate(input.ref.name, target.source, deps.defaults.partials, deps.links)
      : await validateTemplate(input.ref.name, target.source, deps.defaults.partials, deps.links);
    if (!validation.ok) return { ok: false, reason: "invalid", errors: validation.errors };
  }
  const result = await appendVersion(deps.db, {
    ref: input.ref,
    // A default stays a reference to the file, so a later change to templates/ still applies.
    source: target.isDefault ? null : target.source,
    note: input.note?.trim() || `Rolled back to version ${input.version}`,
    actor: input.actor,
    event: "template-rolled-back",
    detail: { rolledBackTo: input.version },
  });
  if (!result.ok) throw new Error("unexpected conflict without a base version");
  return result;
}
