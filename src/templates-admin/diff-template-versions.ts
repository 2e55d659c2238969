// Diff of two versions of one template, over the whole file form (subject, html and text
// sections with their markers), so a change in any part shows where it is.
import type { Db } from "../store/prisma.js";
import type { DefaultTemplates } from "../reply/load-default-templates.js";
import { formatTemplateFile } from "../reply/template-file.js";
import { diffLines, type DiffLine } from "./diff-lines.js";
import { loadTemplateVersion } from "./template-history.js";
import type { TemplateRef } from "./template-ref.js";

export type VersionDiff = { ok: true; from: number; to: number; lines: DiffLine[]; changed: boolean } | { ok: false; missing: number };

export async function diffTemplateVersions(
  db: Pick<Db, "templateVersion">,
  defaults: DefaultTemplates,
  ref: TemplateRef,
  from: number,
  to: number,
): Promise<VersionDiff> {
  const [a, b] = await Promise.all([loadTemplateVersion(db, defaults, ref, from), loadTemplateVersion(db, defaults, ref, to)]);
  if (!a) return { ok: false, missing: from };
  if (!b) return { ok: false, missing: to };
  const lines = diffLines(formatTemplateFile(a.source), formatTemplateFile(b.source));
  return { ok: true, from, to, lines, changed: lines.some((line) => line.op !== "same") };
}
