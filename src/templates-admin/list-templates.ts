// The admin overview: every template × language with its active version and whether it differs
// from the default file (by content: saving the default's text back counts as unchanged).
import type { Db } from "../store/prisma.js";
import type { DefaultTemplates } from "../reply/load-default-templates.js";
import { LOCALES, TEMPLATE_NAMES } from "../reply/template-catalog.js";
import { parseTemplateFile } from "../reply/template-file.js";
import { sameSource } from "./normalise-source.js";
import { defaultSource, type TemplateVersionView } from "./template-history.js";
import type { TemplateRef } from "./template-ref.js";

export interface TemplateSummary extends TemplateRef {
  changed: boolean;
  active: TemplateVersionView;
}

export async function listTemplates(db: Pick<Db, "templateVersion">, defaults: DefaultTemplates): Promise<TemplateSummary[]> {
  // One query for the newest row of every (name, locale); DISTINCT ON keeps it a single scan.
  const rows = await db.templateVersion.findMany({
    distinct: ["name", "locale"],
    orderBy: [{ name: "asc" }, { locale: "asc" }, { version: "desc" }],
    select: { name: true, locale: true, version: true, source: true, note: true, createdAt: true, author: { select: { email: true } } },
  });
  const newest = new Map(rows.map((row) => [`${row.name}.${row.locale}`, row]));
  return TEMPLATE_NAMES.flatMap((name) =>
    LOCALES.map((locale): TemplateSummary => {
      const ref = { name, locale };
      const fallback = defaultSource(defaults, ref);
      const row = newest.get(`${name}.${locale}`);
      if (!row) return { ...ref, changed: false, active: { version: 0, isDefault: true, createdAt: null, author: null, note: null, source: fallback } };
      const source = row.source === null ? fallback : parseTemplateFile(row.source);
      return {
        ...ref,
        changed: !sameSource(source, fallback),
        active: { version: row.version, isDefault: row.source === null, createdAt: row.createdAt, author: row.author?.email ?? null, note: row.note, source },
      };
    }),
  );
}
