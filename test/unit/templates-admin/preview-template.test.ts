import { describe, expect, it } from "vitest";
import { loadDefaultTemplates } from "../../../src/reply/load-default-templates.js";
import { createRenderer } from "../../../src/reply/render.js";
import { LOCALES, TEMPLATE_NAMES, templateKey } from "../../../src/reply/template-catalog.js";
import type { TemplateSource } from "../../../src/reply/template-file.js";
import { previewTemplate } from "../../../src/templates-admin/preview-template.js";

const defaults = loadDefaultTemplates();
const deps = { defaults, renderer: createRenderer(defaults.partials) };
const pinEn = defaults.templates.get("pin-issued.en")!;
const ref = { name: "pin-issued", locale: "en" } as const;

async function errorsOf(source: Partial<TemplateSource>) {
  const result = await previewTemplate(deps, { ref, source: { ...pinEn, ...source } });
  if (result.ok) throw new Error("expected the preview to refuse this source");
  return result.errors;
}

describe("previewTemplate", () => {
  it.each(TEMPLATE_NAMES.flatMap((name) => LOCALES.map((locale) => [name, locale] as const)))(
    "renders default %s.%s with sample data",
    async (name, locale) => {
      const result = await previewTemplate(deps, { ref: { name, locale }, source: defaults.templates.get(templateKey(name, locale))! });
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.rendered.subject.length).toBeGreaterThan(3);
      expect(result.rendered.html).toContain("</html>");
      expect(result.rendered.text).toContain("PM-261126-7K3Q".slice(0, 3));
      expect(result.rendered.text).not.toMatch(/\{\{|\{%/);
    },
  );

  it("shows an edit with the sample person, in the language asked for", async () => {
    const edited = { ...pinEn, text: pinEn.text!.replace("Hello {{ firstName }},", "Good day {{ firstName }} {{ lastName }},") };
    const en = await previewTemplate(deps, { ref, source: edited });
    const fr = await previewTemplate(deps, { ref, source: edited, sampleLocale: "fr" });
    expect(en.ok && en.rendered.text).toContain("Good day Maria Santos,");
    expect(en.ok && en.rendered.text).toMatch(/^PIN: 48207315$/m);
    expect(fr.ok && fr.rendered.text).toContain("Good day Anne-Marie Dubois-Lévesque,");
  });

  it("refuses a syntax error with part, line and column", async () => {
    const errors = await errorsOf({ text: "PIN: {{ pin }}\n{{ firstName }} {{ lastName }} {{ pinExpiresAt }} {{ reference }}\n  {% if firstName %}" });
    expect(errors[0]).toMatchObject({ part: "text", line: 3, column: 3 });
  });

  it("refuses an unknown variable and names the ones allowed", async () => {
    const errors = await errorsOf({ subject: "PIN for {{ firstname }}" });
    expect(errors).toEqual([
      expect.objectContaining({ part: "subject", line: 1, column: 12, message: expect.stringContaining('Unknown variable "firstname"') }),
    ]);
  });

  it("refuses a template that does not use a required variable", async () => {
    const errors = await errorsOf({ html: pinEn.html.replace("{{ pinExpiresAt }}", "soon") });
    expect(errors.map((e) => e.message)).toContainEqual(expect.stringContaining('Required variable "pinExpiresAt"'));
  });

  it("refuses a pin-issued template without the exact PIN line", async () => {
    const errors = await errorsOf({ text: pinEn.text!.replace("PIN: {{ pin }}", "Your PIN is {{ pin }}") });
    expect(errors).toContainEqual(expect.objectContaining({ part: "text", message: expect.stringContaining("PIN: {{ pin }}") }));
  });

  it.each([
    ["{{ constructor }}", /Unknown variable "constructor"/],
    ["{{ firstName.constructor.name }}", /./],
    ["{{ __proto__ }}", /Unknown variable "__proto__"/],
    ["{% include '/etc/passwd' %}", /no partial named "\/etc\/passwd"/],
    ["{% render '../../package.json' %}", /no partial named/],
    ["{% include firstName %}", /Partial names must be written in quotes/],
    ["{{ firstName | raw }}", /"raw" filter is not allowed/],
  ])("refuses an attempt to reach code or files: %s", async (snippet, reason) => {
    const result = await previewTemplate(deps, { ref, source: { ...pinEn, html: `${pinEn.html}\n<p>${snippet}</p>` } });
    if (snippet.includes(".constructor")) {
      // Property access on a string is allowed by Liquid, but must yield nothing from the prototype.
      expect(result.ok ? result.rendered.html : result.errors[0]!.message).not.toMatch(/String|function/);
      return;
    }
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.map((e) => e.message).join("\n")).toMatch(reason);
  });
});
