// "Send me a test": the previewed source, rendered with sample data, goes through the outbox and
// SMTP like any reply, but only ever to the signed-in admin's own address (taken from the
// session, never from the request), so the button cannot be used to mail anyone else.
import { randomBytes } from "node:crypto";
import type { Db } from "../store/prisma.js";
import type { DefaultTemplates } from "../reply/load-default-templates.js";
import type { Renderer } from "../reply/render.js";
import type { Locale } from "../reply/template-catalog.js";
import type { LinkPolicy, TemplateError } from "../reply/validate-template.js";
import { composeOutbound } from "../outbox/compose.js";
import { recordEvent } from "../store/audit.js";
import type { SourceInput } from "./normalise-source.js";
import { previewTemplate, type SampleOverrides } from "./preview-template.js";
import type { Actor } from "./templates-admin-deps.js";
import type { TemplateRef } from "./template-ref.js";
import type { TemplateSandbox } from "./template-sandbox.js";

export interface TestMailDeps {
  db: Db;
  defaults: DefaultTemplates;
  renderer: Renderer;
  /** Queues delivery of outbox rows (producers.sendMail). */
  sendMail(ids: readonly number[]): Promise<void>;
  ownDomain: string;
  pinSecret: string;
  /** Hosts replies may link to (PORTAL_URL, WEB_PUBLIC_URL), checked on preview and save. */
  links?: LinkPolicy;
  /** Where templates are checked and rendered under a time limit (templatesAdminRoutes makes one when absent). */
  sandbox?: TemplateSandbox;
  now?: () => Date;
}

/** Per admin, per window: enough to iterate on wording, too few to turn this into a mailer. */
export const TEST_MAIL_LIMIT = { count: 10, windowMs: 10 * 60_000 } as const;

export type TestMailResult =
  | { ok: true; outboxId: number; to: string }
  | { ok: false; reason: "invalid"; errors: TemplateError[] }
  | { ok: false; reason: "rate-limited"; retryAfterSeconds: number };

/** `sampleLocale`: the language of the sample data (issue 20: a test in either language); default the template's. */
export async function sendTestMail(
  deps: TestMailDeps,
  input: { ref: TemplateRef; source: SourceInput; actor: Actor; sampleLocale?: Locale; sample?: SampleOverrides },
): Promise<TestMailResult> {
  const now = (deps.now ?? (() => new Date()))();
  const since = new Date(now.getTime() - TEST_MAIL_LIMIT.windowMs);
  const recent = await deps.db.outboundMessage.count({ where: { purpose: "test", toAddress: input.actor.email, createdAt: { gt: since } } });
  if (recent >= TEST_MAIL_LIMIT.count) return { ok: false, reason: "rate-limited", retryAfterSeconds: Math.ceil(TEST_MAIL_LIMIT.windowMs / 1000) };

  const preview = await previewTemplate(deps, { ref: input.ref, source: input.source, sampleLocale: input.sampleLocale, sample: input.sample });
  if (!preview.ok) return { ok: false, reason: "invalid", errors: preview.errors };
  const rendered = { ...preview.rendered, subject: `[Test] ${preview.rendered.subject}` };
  const tag = randomBytes(6).toString("hex");
  // The sample PIN is not a real one, so the row is stored as is (pin: null, nothing sealed).
  const row = composeOutbound({
    requestId: null,
    userId: null,
    reference: `test-${tag}`,
    purpose: "test",
    template: input.ref.name,
    locale: input.ref.locale,
    to: input.actor.email,
    inReplyTo: null,
    rendered,
    pin: null,
    ownDomain: deps.ownDomain,
    pinSecret: deps.pinSecret,
    autoSubmitted: "auto-generated",
    dedupeKey: `test:${tag}`,
  });
  const created = await deps.db.$transaction(async (tx) => {
    const message = await tx.outboundMessage.create({ data: row, select: { id: true } });
    await recordEvent(tx, null, "template-test-sent", input.actor.email, { template: input.ref.name, locale: input.ref.locale, outboxId: message.id });
    return message;
  });
  await deps.sendMail([created.id]);
  return { ok: true, outboxId: created.id, to: input.actor.email };
}
