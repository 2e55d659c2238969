// The newest stored source of a reply template, read where the reply is written (the caller's
// transaction). reply/ turns it into the template to render, falling back to the default file.
import { sql, type Queryable } from "./sql.js";

/** Reads the newest admin-saved source of a template, or null when none was ever saved. */
export function storedTemplateSources(q: Queryable): (name: string, locale: string) => Promise<string | null> {
  return async (name, locale) => {
    const [latest] = await q.query<{ source: string | null }>(
      sql`SELECT source FROM template_versions WHERE name = ${name} AND locale = ${locale} ORDER BY version DESC LIMIT 1`,
    );
    return latest?.source ?? null;
  };
}
