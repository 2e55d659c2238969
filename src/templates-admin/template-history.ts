// Every version of one template, newest first, ending with version 0: the default file in
// templates/. A stored row whose source is null means "reset to the default" and shows the
// default's content, so a diff or a rollback against it compares what was actually sent.
import type { Db } from "../store/prisma.js";
import type { DefaultTemplates } from "../reply/load-default-templates.js";
import { templateKey } from "../reply/template-catalog.js";
import type { TemplateSource } from "../reply/template-file.js";
import { parseTemplateFile } from "../reply/template-file.js";
import type { TemplateRef } from "./template-ref.js";

export interface TemplateVersionView {
  /** 0 is the default file; stored versions count from 1. */
  version: number;
  /** True for version 0 and for versions written by "reset to default". */
  isDefault: boolean;
  createdAt: Date | null;
  author: string | null;
  note: string | null;
  source: TemplateSource;
}

export function defaultSource(defaults: DefaultTemplates, ref: TemplateRef): TemplateSource {
  const source = defaults.templates.get(templateKey(ref.name, ref.locale));
  if (!source) throw new Error(`no default template ${ref.name}.${ref.locale} in templates/`);
  return source;
}

type Row = { version: number; source: string | null; note: string | null; createdAt: Date; author: { email: string } | null };

function view(row: Row, fallback: TemplateSource): TemplateVersionView {
  return {
    version: row.version,
    isDefault: row.source === null,
    createdAt: row.createdAt,
    author: row.author?.email ?? null,
    note: row.note,
    source: row.source === null ? fallback : parseTemplateFile(row.source),
  };
}

export function defaultVersion(defaults: DefaultTemplates, ref: TemplateRef): TemplateVersionView {
  return { version: 0, isDefault: true, createdAt: null, author: null, note: "Default from templates/", source: defaultSource(defaults, ref) };
}

const SELECT = { version: true, source: true, note: true, createdAt: true, author: { select: { email: true } } } as const;

export async function templateHistory(db: Pick<Db, "templateVersion">, defaults: DefaultTemplates, ref: TemplateRef): Promise<TemplateVersionView[]> {
  const rows = await db.templateVersion.findMany({ where: { name: ref.name, locale: ref.locale }, orderBy: { version: "desc" }, select: SELECT });
  const fallback = defaultSource(defaults, ref);
  return [...rows.map((row) => view(row, fallback)), defaultVersion(defaults, ref)];
}

/** One version, or null when there is no such version of this template. */
export async function loadTemplateVersion(
  db: Pick<Db, "templateVersion">,
  defaults: DefaultTemplates,
  ref: TemplateRef,
  version: number,
): Promise<TemplateVersionView | null> {
  if (version === 0) return defaultVersion(defaults, ref);
  if (!Number.isSafeInteger(version) || version < 0) return null;
  const row = await db.templateVersion.findUnique({ where: { name_locale_version: { name: ref.name, locale: ref.locale, version } }, select: SELECT });
  return row ? view(row, defaultSource(defaults, ref)) : null;
}

/** The version replies are rendered from right now (what activeTemplate() reads). */
export async function activeVersion(db: Pick<Db, "templateVersion">, defaults: DefaultTemplates, ref: TemplateRef): Promise<TemplateVersionView> {
  const row = await db.templateVersion.findFirst({ where: { name: ref.name, locale: ref.locale }, orderBy: { version: "desc" }, select: SELECT });
  return row ? view(row, defaultSource(defaults, ref)) : defaultVersion(defaults, ref);
}
