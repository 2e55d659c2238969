// The template a reply is rendered from right now: the newest admin version, or the default file.
// Read at every render, so an edit reaches every worker at the next reply. The stored versions
// come through a port the caller passes in, reading on its own transaction: reply/ reads no
// database itself.
import type { DefaultTemplates } from "./load-default-templates.js";
import { parseTemplateFile, type TemplateSource } from "./template-file.js";
import { templateKey, type Locale, type TemplateName } from "./template-catalog.js";

/** The newest saved source of a template, or null when none was ever saved. */
export type StoredTemplateSources = (name: TemplateName, locale: Locale) => Promise<string | null>;

export async function activeTemplate(stored: StoredTemplateSources, defaults: DefaultTemplates, name: TemplateName, locale: Locale): Promise<TemplateSource> {
  return sourceOrDefault(await stored(name, locale), defaults, name, locale);
}

function sourceOrDefault(source: string | null, defaults: DefaultTemplates, name: TemplateName, locale: Locale): TemplateSource {
  if (source) return parseTemplateFile(source);
  const fallback = defaults.templates.get(templateKey(name, locale));
  if (!fallback) throw new Error(`no default template ${name}.${locale} in templates/`);
  return fallback;
}
