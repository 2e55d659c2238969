import { mkdtempSync, readFileSync, writeFileSync, cpSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DEFAULT_TEMPLATES_DIR, formatTemplateFile, loadDefaultTemplates, parseTemplateFile } from "../../../src/reply/load-default-templates.js";
import { createRenderer } from "../../../src/reply/render.js";
import { buildTemplateVariables, LOCALES, sampleVariables, TEMPLATE_NAMES, templateKey, templateVariables } from "../../../src/reply/template-catalog.js";
import { validateTemplate } from "../../../src/reply/validate-template.js";

const { templates, partials } = loadDefaultTemplates();
const renderer = createRenderer(partials);
const cases = TEMPLATE_NAMES.flatMap((name) => LOCALES.map((locale) => [name, locale] as const));

function source(name: (typeof TEMPLATE_NAMES)[number], locale: (typeof LOCALES)[number]) {
  const found = templates.get(templateKey(name, locale));
  if (!found) throw new Error(`missing ${name}.${locale}`);
  return found;
}

function lines(text: string): string[] {
  return text.split("\n");
}

describe("default templates", () => {
  it("has every template in every language, and the five partials in both formats", () => {
    expect(templates.size).toBe(TEMPLATE_NAMES.length * LOCALES.length);
    for (const partial of ["header", "footer", "spam-folder", "signature", "activation-steps"]) {
      for (const locale of LOCALES) {
        expect(partials[`${partial}.${locale}.html`], `${partial}.${locale}.html`).toBeTypeOf("string");
        expect(partials[`${partial}.${locale}.text`], `${partial}.${locale}.text`).toBeTypeOf("string");
      }
    }
  });

  it.each(cases)("%s.%s passes the validator", async (name, locale) => {
    expect(await validateTemplate(name, source(name, locale), partials)).toEqual({ ok: true });
  });

  it.each(cases)("%s.%s renders with sample data: reference, spam advice, no leftovers", async (name, locale) => {
    const vars = sampleVariables(name, locale);
    const out = await renderer.render(source(name, locale), buildTemplateVariables(name, vars));
    expect(out.subject.length).toBeGreaterThan(10);
    expect(out.subject).not.toMatch(/[\r\n]/);
    for (const part of [out.html, out.text]) {
      expect(part).toContain(String(vars.reference));
      expect(part).not.toMatch(/\{\{|\{%|%\}|\}\}/);
    }
    expect(out.html).toMatch(/^<!DOCTYPE html>/);
    expect(out.html).toContain(`<html lang="${locale}">`);
    expect(out.text).toMatch(locale === "en" ? /spam or junk folder/ : /courrier indésirable/);
    expect(out.html).toMatch(locale === "en" ? /spam or junk folder/ : /courrier indésirable/);
  });

  it.each(cases)("%s.%s renders with only the required variables", async (name, locale) => {
    const sample = sampleVariables(name, locale);
    const required = Object.fromEntries(
      templateVariables(name)
        .filter((variable) => variable.required)
        .map((variable) => [variable.name, sample[variable.name]]),
    );
    const out = await renderer.render(source(name, locale), buildTemplateVariables(name, required));
    expect(out.text).not.toMatch(/\(\)|null|undefined/);
  });

  it.each([
    ["pin-issued", "en"],
    ["pin-issued", "fr"],
    ["follow-up-pin-issued", "en"],
    ["follow-up-pin-issued", "fr"],
  ] as const)('%s.%s shows "PIN: 12345678" on a line of its own, the expiry and the activation steps', async (name, locale) => {
    const vars: Record<string, unknown> = { ...sampleVariables(name, locale), pin: "12345678" };
    const out = await renderer.render(source(name, locale), buildTemplateVariables(name, vars));
    expect(lines(out.text)).toContain("PIN: 12345678");
    expect(lines(out.html).map((line) => line.trim())).toContain("PIN: 12345678");
    // The derived plain text (used when an admin drops the text part) keeps the line too.
    const derived = await renderer.render({ ...source(name, locale), text: null }, buildTemplateVariables(name, vars));
    expect(lines(derived.text)).toContain("PIN: 12345678");
    for (const raw of [out.text, out.html]) {
      const part = raw.replace(/\s+/g, " ");
      for (const value of [vars.pinExpiresAt, vars.portalUrl, vars.firstName, vars.lastName]) {
        expect(part).toContain(String(value));
      }
      const steps =
        locale === "en"
          ? [/government sign-in key/, /enroll as a new user/, /answer "Yes"/, /first name, last name and PIN exactly/, /confirmation/]
          : [/clé de connexion du gouvernement/, /vous inscrire comme nouvel utilisateur/, /répondez « Oui »/, /exactement/, /confirmation/];
      for (const step of steps) expect(part).toMatch(step);
    }
    if (locale === "fr") expect(out.text).toMatch(/NIP/);
  });

  it.each(LOCALES)("not-recognised.%s reveals nothing about the sender and only knows the reference", async (locale) => {
    expect(
      templateVariables("not-recognised")
        .map((variable) => variable.name)
        .sort(),
    ).toEqual(["reference", "supportAddress"]);
    // Whatever the pipeline knows, only declared variables reach the template.
    const out = await renderer.render(
      source("not-recognised", locale),
      buildTemplateVariables("not-recognised", {
        ...sampleVariables("not-recognised", locale),
        firstName: "Maria",
        lastName: "Santos",
        organizationName: "Northwind",
      }),
    );
    for (const part of [out.subject, out.html, out.text]) {
      expect(part).not.toMatch(/Maria|Santos|Northwind/);
    }
  });

  it("name-mismatch says the name must match exactly and to ask the primary user", async () => {
    const out = await renderer.render(source("name-mismatch", "en"), buildTemplateVariables("name-mismatch", sampleVariables("name-mismatch", "en")));
    expect(out.text).toMatch(/must match your organization's records exactly/);
    expect(out.text).toMatch(/primary user/);
  });

  it("reminder-primary-dormancy says how many users would be locked out, with singular and plural", async () => {
    const base = sampleVariables("reminder-primary-dormancy", "en");
    const render = async (count: number) =>
      (
        await renderer.render(
          source("reminder-primary-dormancy", "en"),
          buildTemplateVariables("reminder-primary-dormancy", { ...base, lockedOutUserCount: count }),
        )
      ).text.replace(/\s+/g, " ");
    expect(await render(4)).toContain("4 secondary and branch users would lose access too.");
    expect(await render(1)).toContain("1 secondary or branch user would lose access too.");
    expect(await render(0)).not.toContain("would lose access");
  });

  it.each(cases)("%s.%s survives a format/parse round trip", (name, locale) => {
    const original = source(name, locale);
    expect(parseTemplateFile(formatTemplateFile(original))).toEqual(original);
    const file = readFileSync(join(DEFAULT_TEMPLATES_DIR, `${name}.${locale}.liquid`), "utf8");
    expect(formatTemplateFile(parseTemplateFile(file))).toBe(file);
  });
});

describe("loadDefaultTemplates", () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  function copy(): string {
    const dir = mkdtempSync(join(tmpdir(), "pinmail-templates-"));
    dirs.push(dir);
    cpSync(DEFAULT_TEMPLATES_DIR, dir, { recursive: true });
    return dir;
  }

  it("refuses a stray template file, so a typo cannot silently drop a reply", () => {
    const dir = copy();
    writeFileSync(join(dir, "pin-isued.en.liquid"), "--- subject ---\nx\n--- html ---\nx\n");
    expect(() => loadDefaultTemplates(dir)).toThrow(/pin-isued\.en\.liquid/);
  });

  it("refuses a missing template", () => {
    const dir = copy();
    rmSync(join(dir, "rejected.fr.liquid"));
    expect(() => loadDefaultTemplates(dir)).toThrow(/rejected\.fr\.liquid/);
  });

  it("names the file and line of a malformed template", () => {
    const dir = copy();
    writeFileSync(join(dir, "rejected.fr.liquid"), "--- subject ---\nx\n--- body ---\nx\n");
    expect(() => loadDefaultTemplates(dir)).toThrow(/rejected\.fr\.liquid: unknown section "body".*line 3/);
  });

  it("refuses a partial without both an html and a text section", () => {
    const dir = copy();
    writeFileSync(join(dir, "partials", "extra.en.liquid"), "--- html ---\n<p>x</p>\n");
    expect(() => loadDefaultTemplates(dir)).toThrow(/extra\.en\.liquid/);
  });
});
