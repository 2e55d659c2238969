import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { LOCALES, TEMPLATE_NAMES, type TemplateKey, templateKey } from "./template-catalog.js";
import { parseSections, parseTemplateFile, TemplateFileError, type TemplateSource } from "./template-file.js";

export { formatTemplateFile, parseTemplateFile, type TemplateSource } from "./template-file.js";

export interface DefaultTemplates {
  templates: Map<TemplateKey, TemplateSource>;
  /**
   * Partial sources keyed `<partial>.<locale>.html` and `<partial>.<locale>.text`: a template
   * writes `{% include 'footer.en' %}` and gets the variant matching the part it is in.
   */
  partials: Record<string, string>;
}

/** The package's own `templates/` folder, wherever the process was started from. */
export const DEFAULT_TEMPLATES_DIR = fileURLToPath(new URL("../../templates/", import.meta.url));

const PARTIAL_FILE = /^([a-z0-9][a-z0-9-]*(?:\.[a-z]{2})?)\.liquid$/;

function readSource(path: string, parse: (content: string) => void): void {
  try {
    parse(readFileSync(path, "utf8"));
  } catch (error) {
    if (error instanceof TemplateFileError) throw new Error(`${path}: ${error.message}`, { cause: error });
    throw error;
  }
}

/**
 * Reads every default template and partial. Fails loudly on a missing template or a stray
 * `.liquid` file: a typo in a file name must not silently drop a reply at run time.
 */
export function loadDefaultTemplates(dir: string = DEFAULT_TEMPLATES_DIR): DefaultTemplates {
  const templates = new Map<TemplateKey, TemplateSource>();
  const expected = new Set<string>(TEMPLATE_NAMES.flatMap((name) => LOCALES.map((locale) => `${templateKey(name, locale)}.liquid`)));
  for (const file of readdirSync(dir)) {
    if (!file.endsWith(".liquid")) continue;
    if (!expected.has(file)) throw new Error(`${join(dir, file)}: not a known template name and locale`);
  }
  for (const name of TEMPLATE_NAMES) {
    for (const locale of LOCALES) {
      const key = templateKey(name, locale);
      readSource(join(dir, `${key}.liquid`), (content) => templates.set(key, parseTemplateFile(content)));
    }
  }

  const partials: Record<string, string> = {};
  const partialsDir = join(dir, "partials");
  for (const file of readdirSync(partialsDir).sort()) {
    if (!file.endsWith(".liquid")) continue;
    const match = PARTIAL_FILE.exec(file);
    if (!match) throw new Error(`${join(partialsDir, file)}: partial names use a-z, 0-9 and "-", then .<locale>`);
    const base = match[1]!;
    readSource(join(partialsDir, file), (content) => {
      const sections = parseSections(content, ["html", "text"]);
      const html = sections.get("html");
      const text = sections.get("text");
      if (html === undefined || text === undefined) {
        throw new TemplateFileError('a partial needs both "--- html ---" and "--- text ---" sections', 1);
      }
      partials[`${base}.html`] = html;
      partials[`${base}.text`] = text;
    });
  }
  return { templates, partials };
}
