import { describe, expect, it } from "vitest";
import { loadDefaultTemplates } from "../../../src/reply/load-default-templates.js";
import type { TemplateSource } from "../../../src/reply/template-file.js";
import { type TemplateError, validateTemplate } from "../../../src/reply/validate-template.js";

const { templates, partials } = loadDefaultTemplates();
const pinIssued = templates.get("pin-issued.en")!;
const needsReview = templates.get("needs-review.en")!;

async function errorsOf(name: Parameters<typeof validateTemplate>[0], source: TemplateSource): Promise<TemplateError[]> {
  const result = await validateTemplate(name, source, partials);
  return result.ok ? [] : result.errors;
}

/** A minimal valid pin-issued source to mutate. */
const minimalPin: TemplateSource = {
  subject: "Your PIN ({{ reference }})",
  html: "<p>Hello {{ firstName }} {{ lastName }},</p>\n<p>\nPIN: {{ pin }}\n</p>\n<p>Until {{ pinExpiresAt }}. Ref {{ reference }}</p>",
  text: "Hello {{ firstName }} {{ lastName }},\n\nPIN: {{ pin }}\n\nUntil {{ pinExpiresAt }}. Ref {{ reference }}",
};

describe("validateTemplate", () => {
  it("accepts a minimal valid template and an edited default", async () => {
    expect(await validateTemplate("pin-issued", minimalPin, partials)).toEqual({ ok: true });
    const edited = { ...pinIssued, html: pinIssued.html.replace("Hello", "Good day") };
    expect(await validateTemplate("pin-issued", edited, partials)).toEqual({ ok: true });
    expect(await validateTemplate("pin-issued", { ...minimalPin, text: null }, partials)).toEqual({ ok: true });
  });

  it("reports a syntax error with its part, line and column", async () => {
    const errors = await errorsOf("pin-issued", { ...minimalPin, html: `${minimalPin.html}\n<p>\n  {% if firstName %}oops</p>` });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ part: "html", line: 7, column: 3 });
    expect(errors[0]!.message).toBe("The {% if %} block is never closed: add {% endif %} where it should end");
  });

  it("reports an unclosed output tag in the subject", async () => {
    const errors = await errorsOf("pin-issued", { ...minimalPin, subject: "PIN {{ reference" });
    expect(errors[0]).toMatchObject({ part: "subject", line: 1, column: 5 });
  });

  it("refuses an unknown variable and names it, even in a branch the sample data never takes", async () => {
    const errors = await errorsOf("pin-issued", {
      ...minimalPin,
      text: `${minimalPin.text}\n{% if false %}\n   {{ organisationName }}{% endif %}`,
    });
    expect(errors).toEqual([
      expect.objectContaining({ part: "text", line: 7, column: 7, message: expect.stringMatching(/Unknown variable "organisationName"/) }),
    ]);
  });

  it("refuses a property that does not exist on a known variable", async () => {
    const errors = await errorsOf("name-mismatch", {
      subject: "Re {{ reference }}",
      html: "<p>{{ reference }}</p>\n<p>{{ reference.digits }}</p>",
      text: null,
    });
    expect(errors.some((error) => /reference\.digits/.test(error.message) && error.part === "html" && error.line === 2)).toBe(true);
    // On pin, any property is refused earlier: pin is printed only by its own line (issue 13.5).
    const pinErrors = await errorsOf("pin-issued", { ...minimalPin, html: `${minimalPin.html}\n{{ pin.digits }}` });
    expect(pinErrors.some((error) => /"pin" may be used only on the line/.test(error.message) && error.part === "html" && error.line === 6)).toBe(true);
  });

  it('refuses a pin-issued template without the exact line "PIN: {{ pin }}"', async () => {
    for (const html of [
      minimalPin.html.replace("PIN: {{ pin }}", "Your PIN: {{ pin }}"),
      minimalPin.html.replace("PIN: {{ pin }}", "PIN: {{pin}}"),
      minimalPin.html.replace("\nPIN: {{ pin }}\n", "PIN: {{ pin }}"),
    ]) {
      const errors = await errorsOf("pin-issued", { ...minimalPin, html });
      expect(errors.map((error) => error.part)).toContain("html");
      expect(errors.map((error) => error.message).join("\n")).toMatch(/PIN: \{\{ pin \}\}/);
    }
    const textErrors = await errorsOf("follow-up-pin-issued", {
      ...minimalPin,
      text: minimalPin.text!.replace("PIN: {{ pin }}", "  PIN: {{ pin }}"),
    });
    expect(textErrors).toEqual([expect.objectContaining({ part: "text", line: 3 })]);
  });

  it("refuses a PIN line hidden in a comment or a false condition", async () => {
    const commented = minimalPin.html.replace("PIN: {{ pin }}", "{% comment %}\nPIN: {{ pin }}\n{% endcomment %}");
    expect(await errorsOf("pin-issued", { ...minimalPin, html: commented })).toEqual([
      expect.objectContaining({ part: "html", message: expect.stringMatching(/Required variable "pin" is not used/) }),
    ]);
    const conditional = minimalPin.text!.replace("PIN: {{ pin }}", "{% if false %}\nPIN: {{ pin }}\n{% endif %}");
    expect(await errorsOf("pin-issued", { ...minimalPin, text: conditional })).toEqual([
      expect.objectContaining({ part: "text", line: 4, message: expect.stringMatching(/comment or a condition/) }),
    ]);
  });

  it("refuses a PIN replaced by a constant", async () => {
    const errors = await errorsOf("pin-issued", { ...minimalPin, html: `{% assign pin = '00000000' %}\n${minimalPin.html}` });
    expect(errors.map((error) => error.message).join("\n")).toMatch(/Required variable "pin" is not used/);
  });

  it("refuses HTML whose derived text would not keep the PIN on its own line", async () => {
    const html = "<p>Hello {{ firstName }} {{ lastName }}, here it is\nPIN: {{ pin }}\nuntil {{ pinExpiresAt }} {{ reference }}</p>";
    const errors = await errorsOf("pin-issued", { ...minimalPin, html, text: null });
    expect(errors).toEqual([expect.objectContaining({ part: "html", line: 2, message: expect.stringMatching(/plain-text version/) })]);
  });

  it("refuses a template that drops a required variable", async () => {
    const errors = await errorsOf("needs-review", { ...needsReview, text: "We will answer soon. {{ reference }}" });
    expect(errors).toEqual([expect.objectContaining({ part: "text", message: expect.stringMatching(/Required variable "expectedDate"/) })]);
  });

  it("counts a required variable used through a partial", async () => {
    const source = { subject: "x", html: "<p>{{ expectedDate }}</p>{% include 'header.en' %}", text: null };
    expect(await validateTemplate("needs-review", source, partials)).toEqual({ ok: true });
  });

  it("refuses variables a partial needs but the template does not have", async () => {
    const source = { subject: "x", html: "<p>{{ expectedDate }} {{ reference }}</p>\n  {% include 'activation-steps.en' %}", text: null };
    const errors = await errorsOf("needs-review", source);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]).toMatchObject({ part: "html", line: 2, column: 3 });
    expect(errors.map((error) => error.message).join("\n")).toMatch(/Partial "activation-steps.en" uses "firstName"/);
  });

  it.each([
    ["{{ constructor }}", /Unknown variable "constructor"/],
    ["{{ reference.constructor }}", /reference\.constructor/],
    ["{{ reference.__proto__ }}", /reference\.__proto__/],
    ["{% include '/etc/passwd' %}", /no partial named "\/etc\/passwd"/],
    ["{% render '../package.json' %}", /no partial named "\.\.\/package\.json"/],
    ["{% layout '../../etc/hosts' %}", /no partial named/],
    ["{% include reference %}", /must be written in quotes/],
    ["{% include 'foot{{ reference }}' %}", /must be written in quotes/],
    ["{% include 'pin-issued.en' %}", /no partial named "pin-issued.en"/],
    ["{{ reference | raw }}", /"raw" filter is not allowed/],
    ["{{ reference | no_such_filter }}", /Unknown filter "no_such_filter"/],
  ])("refuses %s with a reason and a position", async (snippet, reason) => {
    const errors = await errorsOf("needs-review", { ...needsReview, html: `${needsReview.html}\n${snippet}` });
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]!.part).toBe("html");
    expect(errors[0]!.line).toBe(needsReview.html.split("\n").length + 1);
    expect(errors.map((error) => error.message).join("\n")).toMatch(reason);
  });

  it("refuses a text partial name in the wrong locale only when it does not exist", async () => {
    const source = { ...needsReview, text: `${needsReview.text}\n{% include 'footer.de' %}` };
    const errors = await errorsOf("needs-review", source);
    expect(errors[0]).toMatchObject({ part: "text", message: expect.stringMatching(/no partial named "footer.de"\. Available: .*footer.en/) });
  });

  it("refuses a render loop that blows the limits", async () => {
    const errors = await errorsOf("needs-review", {
      ...needsReview,
      text: `${needsReview.text}\n{% for i in (1..100000000) %}{{ i }}{% endfor %}`,
    });
    expect(errors[0]).toMatchObject({ part: "text", message: expect.stringMatching(/limit/) });
  });

  it("refuses a multi-line subject and a body line that would read as a section marker", async () => {
    const errors = await errorsOf("needs-review", {
      ...needsReview,
      subject: "one\ntwo {{ reference }}",
      text: `${needsReview.text}\n--- html ---`,
    });
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ part: "subject", line: 2, message: expect.stringMatching(/single line/) }),
        expect.objectContaining({ part: "text", message: expect.stringMatching(/reserved for section markers/) }),
      ]),
    );
  });

  it("gives not-recognised nothing to reveal", async () => {
    const source = templates.get("not-recognised.en")!;
    const errors = await errorsOf("not-recognised", { ...source, html: `${source.html}\n{{ firstName }}` });
    expect(errors[0]!.message).toMatch(/Unknown variable "firstName". This template can use: reference, supportAddress/);
  });
});
