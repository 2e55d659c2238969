// Save = validate, then append a version. A refused template writes nothing, so the version
// that is active stays active.
import type { Db } from "../store/prisma.js";
import type { DefaultTemplates } from "../reply/load-default-templates.js";
import { validateTemplate, type LinkPolicy, type TemplateError } from "../reply/validate-template.js";
import { appendVersion } from "./append-version.js";
import { normaliseSource, type SourceInput } from "./normalise-source.js";
import type { Actor } from "./templates-admin-deps.js";
import type { TemplateRef } from "./template-ref.js";
import type { TemplateSandbox } from "./template-sandbox.js";

export type SaveResult =
  | { ok: true; version: number }
  | { ok: false; reason: "invalid"; errors: TemplateError[] }
  | { ok: false; reason: "conflict"; activeVersion: number };

export async function saveTemplate(
  deps: { db: Db; defaults: DefaultTemplates; links?: LinkPolicy; sandbox?: TemplateSandbox },
  input: { ref: TemplateRef; source: SourceInput; note?: string | null; baseVersion?: number; actor: Actor },
): Promise<SaveResult> {
  const source = normaliseSource(input.source);
  const validation = deps.sandbox
    ? await deps.sandbox.validate(input.ref.name, source, deps.defaults.partials, deps.links)
    : await validateTemplate(input.ref.name, source, deps.defaults.partials, deps.links);
  if (!validation.ok) return { ok: false, reason: "invalid", errors: validation.errors };
  return appendVersion(deps.db, {
    ref: input.ref,
    source,
    note: input.note ?? null,
    actor: input.actor,
    baseVersion: input.baseVersion,
    event: "template-saved",
  });
}
