// The template a reply is rendered from right now: the newest admin version from the database,
// or the default file. Read at every render, so an edit reaches every worker at the next reply.
import type { Db } from "../store/prisma.js";
import { sql, type Queryable } from "../store/sql.js";
import type { DefaultTemplates } from "./load-default-templates.js";
import { parseTemplateFile, type TemplateSource } from "./template-file.js";
import { templateKey, type Locale, type TemplateName } from "./template-catalog.js";

export async function activeTemplate(db: Pick<Db, "templateVersion">, defaults: DefaultTemplates, name: TemplateName, locale: Locale): Promise<TemplateSource> {
  const latest = await db.templateVersion.findFirst({ where: { name, locale }, orderBy: { version: "desc" }, select: { source: true } });
  return sourceOrDefault(latest?.source ?? null, defaults, name, locale);
}

/** The same, as one raw statement (the pipeline's verification, on a plain `pg` client). */
export async function activeTemplateSql(q: Queryable, defaults: DefaultTemplates, name: TemplateName, locale: Locale): Promise<TemplateSource> {
  const [latest] = await q.query<{ source: string | null }>(
    sql`SELECT source FROM template_versions WHERE name = ${name} AND locale = ${locale} ORDER BY version DESC LIMIT 1`,
  );
  return sourceOrDefault(latest?.source ?? null, defaults, name, locale);
}

function sourceOrDefault(source: string | null, defaults: DefaultTemplates, name: TemplateName, locale: Locale): TemplateSource {
  if (source) return parseTemplateFile(source);
  const fallback = defaults.templates.get(templateKey(name, locale));
  if (!fallback) throw new Error(`no default template ${name}.${locale} in templates/`);
  return fallback;
}
