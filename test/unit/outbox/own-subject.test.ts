// Issue 13.8: the not-recognised reply carries its template's subject, never the sender's words.
import { describe, expect, it } from "vitest";
import { composeOutbound, RecipientRefused } from "../../../src/outbox/compose.js";
import { hasOwnSubject } from "../../../src/reply/template-catalog.js";
import { loadDefaultTemplates } from "../../../src/reply/load-default-templates.js";
import { createRenderer } from "../../../src/reply/render.js";
import { buildTemplateVariables } from "../../../src/reply/template-catalog.js";
import { strongSecret } from "../../harness/secrets.js";

const defaults = loadDefaultTemplates();
const renderer = createRenderer(defaults.partials);

async function compose(template: "not-recognised" | "name-missing", locale: "en" | "fr", to = "stranger@elsewhere.test") {
  const source = defaults.templates.get(`${template}.${locale}`)!;
  const rendered = await renderer.render(
    source,
    buildTemplateVariables(template, {
      reference: "PM-261126-7K3Q",
      supportAddress: "pinmail@pinmail.test",
      portalUrl: "https://portal.example.org",
      firstName: null,
      lastName: null,
    }),
  );
  return composeOutbound({
    requestId: 1,
    userId: null,
    reference: "PM-261126-7K3Q",
    purpose: "reply",
    template,
    locale,
    to,
    inReplyTo: { subject: "Buy cheap pills at evil.example", messageId: "<x@evil.example>" },
    ownSubject: hasOwnSubject(template),
    rendered,
    pin: null,
    ownDomain: "pinmail.test",
    pinSecret: strongSecret(),
    autoSubmitted: "auto-replied",
    dedupeKey: "1:reply",
  });
}

describe("reply subjects", () => {
  it("not-recognised: the template's own subject, in each language", async () => {
    expect((await compose("not-recognised", "en")).subject).toBe("Your PIN reset request PM-261126-7K3Q");
    expect((await compose("not-recognised", "fr")).subject).toBe("Votre demande de réinitialisation du NIP PM-261126-7K3Q");
  });

  it("other replies keep Re: <their subject>", async () => {
    expect((await compose("name-missing", "en")).subject).toBe("Re: Buy cheap pills at evil.example");
  });

  it("only not-recognised has its own subject", () => {
    expect(hasOwnSubject("not-recognised")).toBe(true);
    expect(hasOwnSubject("pin-issued")).toBe(false);
  });

  it("refuses to compose for anything but one plain address (issue 13.1)", async () => {
    await expect(compose("name-missing", "en", "a@evil.example,postmaster")).rejects.toBeInstanceOf(RecipientRefused);
  });
});
