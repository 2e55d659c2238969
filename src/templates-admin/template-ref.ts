// Route parameters → a catalog entry. Anything not in the catalog is "not found", so a URL can
// never name a template the pipeline does not send.
import { isLocale, isTemplateName, type Locale, type TemplateName } from "../reply/template-catalog.js";

export interface TemplateRef {
  name: TemplateName;
  locale: Locale;
}

export function parseTemplateRef(outcome: string, locale: string): TemplateRef | null {
  return isTemplateName(outcome) && isLocale(locale) ? { name: outcome, locale } : null;
}
