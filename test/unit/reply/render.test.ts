import { describe, expect, it } from "vitest";
import { loadDefaultTemplates } from "../../../src/reply/load-default-templates.js";
import { createRenderer, sanitizeSubject, TemplateRenderError } from "../../../src/reply/render.js";
import { buildTemplateVariables, sampleVariables } from "../../../src/reply/template-catalog.js";
import type { TemplateSource } from "../../../src/reply/template-file.js";

const { templates, partials } = loadDefaultTemplates();
const renderer = createRenderer(partials);

function pinIssued(overrides: Record<string, unknown>) {
  return buildTemplateVariables("pin-issued", { ...sampleVariables("pin-issued", "en"), ...overrides });
}

const inline = (html: string, text: string | null = null, subject = "Hi"): TemplateSource => ({ subject, html, text });

describe("createRenderer", () => {
  it("escapes sender-supplied values in HTML and leaves them literal in text", async () => {
    const vars = pinIssued({ firstName: "<script>alert(1)</script>", lastName: `O'Connor & "Co"` });
    const out = await renderer.render(templates.get("pin-issued.en")!, vars);
    expect(out.html).not.toContain("<script>");
    expect(out.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(out.html).toContain("O&#39;Connor &amp; &#34;Co&#34;");
    expect(out.text).toContain("Hello <script>alert(1)</script>,");
    expect(out.text).toContain(`Last name: O'Connor & "Co"`);
  });

  it("escapes in partials too, and in a text part derived from HTML the value comes back literal", async () => {
    const out = await renderer.render(inline("{% include 'activation-steps.en' %}"), pinIssued({ firstName: "<b>x</b>" }));
    expect(out.html).toContain("&lt;b&gt;x&lt;/b&gt;");
    expect(out.text).toContain("<b>x</b>");
  });

  it("does not HTML-escape the subject", async () => {
    const out = await renderer.render(inline("<p>x</p>", null, "For {{ lastName }} & co"), pinIssued({ lastName: "O'Connor" }));
    expect(out.subject).toBe("For O'Connor & co");
  });

  it("strips CR/LF and control characters from the subject", async () => {
    const vars = pinIssued({ lastName: "Santos\r\nBcc: victim@example.com\u0000\u2028X-Evil: 1" });
    const out = await renderer.render(inline("<p>x</p>", null, "PIN for {{ firstName }} {{ lastName }}"), vars);
    expect(out.subject).not.toMatch(/[\r\n\u0000\u2028]/);
    expect(out.subject).toBe("PIN for Maria Santos Bcc: victim@example.com X-Evil: 1");
    expect(sanitizeSubject("  a\r\n\tb\u202ec  ")).toBe("a b c");
  });

  it("derives the text part from the HTML when the template has none", async () => {
    const out = await renderer.render(
      inline('<h1>Title</h1><p>Hello {{ firstName }},</p><p>\nPIN: {{ pin }}\n</p><p><a href="{{ portalUrl }}">sign in</a></p>'),
      pinIssued({ pin: "12345678" }),
    );
    expect(out.text.split("\n")).toContain("PIN: 12345678");
    expect(out.text).toContain("Title");
    expect(out.text).toContain("Hello Maria,");
    expect(out.text).toContain("sign in [https://portal.example.gov/sign-in]");
  });

  it("tidies the text part: no runs of blank lines, one final newline", async () => {
    const out = await renderer.render(inline("<p>x</p>", "a\n\n\n\n{% if branchName %}\n{% endif %}\n\nb   \n\n"), pinIssued({}));
    expect(out.text).toBe("a\n\nb\n");
  });

  it("treats an unknown variable as an error, not an empty string", async () => {
    const error = await renderer.render(inline("<p>\n{{ firstNmae }}</p>"), pinIssued({})).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TemplateRenderError);
    expect(error).toMatchObject({ part: "html", line: 2, column: 4 });
    expect((error as Error).message).toMatch(/undefined variable: firstNmae/);
  });

  it.each([
    ["{{ constructor }}"],
    ["{{ firstName.constructor }}"],
    ["{{ firstName.__proto__ }}"],
    ["{{ x | raw }}"],
    ["{% include '/etc/passwd' %}"],
    ["{% render '../package.json' %}"],
    ["{% include '../../package.json' %}"],
    ["{% layout '/etc/hostname' %}"],
    ["{% include 'constructor' %}"],
    ["{% include 'pin-issued.en' %}"],
    ["{% for i in (1..100000000) %}{{ i }}{% endfor %}"],
  ])("refuses %s", async (html) => {
    await expect(renderer.render(inline(html), pinIssued({}))).rejects.toBeInstanceOf(TemplateRenderError);
  });

  it("cannot bypass escaping with raw even in the text part", async () => {
    await expect(renderer.render(inline("<p>x</p>", "{{ firstName | raw }}"), pinIssued({}))).rejects.toMatchObject({
      part: "text",
    });
  });

  it("does not see what the caller object inherits", async () => {
    const vars = Object.create({ secret: "inherited" }) as Record<string, unknown>;
    Object.assign(vars, pinIssued({}));
    await expect(renderer.render(inline("{{ secret }}"), vars)).rejects.toThrow(/secret/);
  });

  it("gives each part the partial variant of its own format", async () => {
    const out = await renderer.render(inline("{% include 'signature.en' %}", "{% include 'signature.en' %}"), {});
    expect(out.html).toContain("<p>Kind regards,<br>");
    expect(out.text).toBe("Kind regards,\nThe employer portal access team\n");
  });
});
