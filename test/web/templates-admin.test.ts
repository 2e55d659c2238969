// Template admin API and pages through app.inject() against a real (per-file) PostgreSQL: the
// guard's answers, preview/save/versions/diff/rollback/reset/test, and that what is saved is
// what activeTemplate() — the outbox's reader — returns for the next reply.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { createDb, type Db } from "../../src/store/prisma.js";
import { addStaff } from "../../src/staff/staff-accounts.js";
import { loadDefaultTemplates } from "../../src/reply/load-default-templates.js";
import { createRenderer } from "../../src/reply/render.js";
import { activeTemplate } from "../../src/reply/active-template.js";
import { prismaQueryable } from "../../src/store/sql.js";
import { storedTemplateSources } from "../../src/store/template-versions.js";
import { TEST_SECRETS } from "../harness/secrets.js";
import { buildTestApp } from "../harness/test-app.js";
import { createTestDb, type TestDb } from "../harness/test-db.js";
import { signIn } from "../harness/web-session.js";

const PASSWORD = "correct horse battery";
const defaults = loadDefaultTemplates();
const pinEn = defaults.templates.get("pin-issued.en")!;
const queued: number[] = [];
let testDb: TestDb;
let db: Db;
let app: FastifyInstance;
let admin: { cookie: string; csrf: string };
let support: { cookie: string; csrf: string };

const API = "/api/templates/pin-issued/en";
const edited = { ...pinEn, text: pinEn.text!.replace("Hello {{ firstName }},", "Dear {{ firstName }} {{ lastName }},") };

function as(who: { cookie: string; csrf: string }, method: "GET" | "POST", url: string, payload?: unknown) {
  return app.inject({
    method,
    url,
    headers: { cookie: who.cookie, "x-csrf-token": who.csrf },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
}

beforeAll(async () => {
  testDb = await createTestDb();
  db = createDb(testDb.url);
  await addStaff(db, { email: "ada@admin.test", role: "admin", password: PASSWORD });
  await addStaff(db, { email: "sam@support.test", role: "support", password: PASSWORD });
  app = await buildTestApp(db, {
    templates: {
      db,
      defaults,
      renderer: createRenderer(defaults.partials),
      sendMail: async (ids) => void queued.push(...ids),
      ownDomain: "pinmail.test",
      pinSecret: TEST_SECRETS.pinSecret,
    },
  });
  admin = await signIn(app, "ada@admin.test", PASSWORD);
  support = await signIn(app, "sam@support.test", PASSWORD);
  expect(admin.csrf).not.toBe("");
});
afterAll(async () => {
  await app?.close();
  await db?.$disconnect();
  await testDb?.drop();
});

const activePinEn = () => activeTemplate(storedTemplateSources(prismaQueryable(db)), defaults, "pin-issued", "en");
const activeText = async () => (await activePinEn()).text;

describe("who may use the template admin", () => {
  it("anonymous: 401 on the API, redirect to sign-in on pages", async () => {
    expect((await app.inject({ url: "/api/templates" })).statusCode).toBe(401);
    expect((await app.inject({ method: "POST", url: `${API}/preview`, payload: pinEn })).statusCode).toBe(401);
    const page = await app.inject({ url: "/admin/templates/pin-issued/en" });
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toMatch(/^\/login\?next=/);
  });

  it("support staff: 403 on the API and the editor", async () => {
    expect((await as(support, "GET", "/api/templates")).statusCode).toBe(403);
    expect((await as(support, "POST", API, edited)).statusCode).toBe(403);
    expect((await as(support, "GET", "/admin/templates/pin-issued/en")).statusCode).toBe(403);
    expect(await db.templateVersion.count()).toBe(0);
  });

  it("an admin post without the CSRF token is refused", async () => {
    const r = await app.inject({ method: "POST", url: API, headers: { cookie: admin.cookie }, payload: edited });
    expect(r.statusCode).toBe(403);
    expect(await db.templateVersion.count()).toBe(0);
  });
});

describe("template admin API", () => {
  it("lists every template in both languages with its active version", async () => {
    const r = await as(admin, "GET", "/api/templates");
    expect(r.statusCode).toBe(200);
    const { templates } = r.json() as { templates: Array<{ outcome: string; locale: string; changed: boolean; active: { version: number; html: string } }> };
    expect(templates).toHaveLength(defaults.templates.size);
    const pin = templates.find((t) => t.outcome === "pin-issued" && t.locale === "fr")!;
    expect(pin).toMatchObject({ changed: false, active: { version: 0, isDefault: true } });
    expect(pin.active.html).toContain("PIN: {{ pin }}");
    expect((await as(admin, "GET", "/api/templates/no-such/en")).statusCode).toBe(404);
  });

  it("previews with sample data, or answers 422 with part, line, column and message", async () => {
    const ok = await as(admin, "POST", `${API}/preview`, edited);
    expect(ok.statusCode).toBe(200);
    const body = ok.json() as { subject: string; html: string; text: string };
    expect(Object.keys(body).sort()).toEqual(["html", "subject", "text"]);
    expect(body.text).toContain("Dear Maria Santos,");
    expect(body.text).toMatch(/^PIN: 48207315$/m);
    const fr = await as(admin, "POST", `${API}/preview`, { ...edited, sampleLocale: "fr" });
    expect((fr.json() as { text: string }).text).toContain("Dear Anne-Marie Dubois-Lévesque,");

    const bad = await as(admin, "POST", `${API}/preview`, { ...pinEn, subject: "PIN {{ pinn }}" });
    expect(bad.statusCode).toBe(422);
    const { errors } = bad.json() as { errors: Array<Record<string, unknown>> };
    expect(errors).toEqual([{ part: "subject", line: 1, column: 8, message: expect.stringContaining('Unknown variable "pinn"') }]);
    expect((await as(admin, "POST", `${API}/preview`, { subject: 1 })).statusCode).toBe(400);
  });

  it.each([
    ["a syntax error", { html: `${pinEn.html}\n{% if firstName %}` }, /not closed|endif/],
    ["an unknown variable", { text: `${pinEn.text}\n{{ constructor }}` }, /Unknown variable "constructor"/],
    ["a missing required variable", { html: pinEn.html.replaceAll("{{ pinExpiresAt }}", "soon") }, /Required variable "pinExpiresAt"/],
    ["no exact PIN line", { text: pinEn.text!.replace("PIN: {{ pin }}", "PIN:{{ pin }}") }, /PIN: \{\{ pin \}\}/],
    ["an include of a file", { html: `${pinEn.html}\n{% include '/etc/passwd' %}` }, /no partial named "\/etc\/passwd"/],
  ])("refuses to save %s and the previous version stays active", async (_what, change, reason) => {
    const before = await activeText();
    const r = await as(admin, "POST", API, { ...pinEn, ...change });
    expect(r.statusCode).toBe(422);
    expect((r.json() as { errors: Array<{ message: string }> }).errors.map((e) => e.message).join("\n")).toMatch(reason);
    expect(await activeText()).toBe(before);
  });

  it("saves a new version that the next reply uses, and refuses a save based on a stale version", async () => {
    const r = await as(admin, "POST", API, { ...edited, note: "warmer greeting", baseVersion: 0 });
    expect(r.statusCode).toBe(201);
    expect(r.json()).toEqual({ outcome: "pin-issued", locale: "en", version: 1 });
    expect(await activeText()).toContain("Dear {{ firstName }} {{ lastName }},");

    const stale = await as(admin, "POST", API, { ...pinEn, baseVersion: 0 });
    expect(stale.statusCode).toBe(409);
    expect(await activeText()).toContain("Dear {{ firstName }}");

    const list = (await as(admin, "GET", "/api/templates")).json() as {
      templates: Array<{ outcome: string; locale: string; changed: boolean; active: Record<string, unknown> }>;
    };
    const entry = list.templates.find((t) => t.outcome === "pin-issued" && t.locale === "en")!;
    expect(entry).toMatchObject({ changed: true, active: { version: 1, author: "ada@admin.test", note: "warmer greeting" } });
    expect(list.templates.find((t) => t.outcome === "pin-issued" && t.locale === "fr")!.changed).toBe(false);
    const audit = await db.auditEvent.findFirst({ where: { type: "template-saved" } });
    expect(audit).toMatchObject({ actor: "ada@admin.test", detail: { template: "pin-issued", locale: "en", version: 1 } });
  });

  it("lists versions, diffs any two, rolls back and resets, each as a new version", async () => {
    expect((await as(admin, "POST", API, { ...edited, html: edited.html.replace("Hello", "Good day") })).statusCode).toBe(201);
    const versions = (await as(admin, "GET", `${API}/versions`)).json() as {
      activeVersion: number;
      versions: Array<{ version: number; active: boolean; author: string | null }>;
    };
    expect(versions.activeVersion).toBe(2);
    expect(versions.versions.map((v) => [v.version, v.active])).toEqual([
      [2, true],
      [1, false],
      [0, false],
    ]);

    const diff = (await as(admin, "GET", `${API}/diff?from=1&to=2`)).json() as { changed: boolean; lines: Array<{ op: string; text: string }> };
    expect(diff.changed).toBe(true);
    expect(diff.lines.filter((l) => l.op !== "same").map((l) => `${l.op} ${l.text}`)).toEqual([
      "remove <p>Hello {{ firstName }},</p>",
      "add <p>Good day {{ firstName }},</p>",
    ]);
    expect((await as(admin, "GET", `${API}/diff?from=1&to=9`)).statusCode).toBe(404);

    const back = await as(admin, "POST", `${API}/rollback`, { version: 0 });
    expect(back.statusCode).toBe(201);
    expect(back.json()).toMatchObject({ version: 3, rolledBackTo: 0 });
    expect(await activePinEn()).toEqual(pinEn);
    expect((await as(admin, "POST", `${API}/rollback`, { version: 1 })).json()).toMatchObject({ version: 4 });
    expect(await activeText()).toContain("Dear {{ firstName }}");
    expect((await as(admin, "POST", `${API}/rollback`, { version: 42 })).statusCode).toBe(404);

    const reset = await as(admin, "POST", `${API}/reset`, {});
    expect(reset.json()).toMatchObject({ version: 5 });
    expect(await activePinEn()).toEqual(pinEn);
    const list = (await as(admin, "GET", "/api/templates")).json() as { templates: Array<{ outcome: string; locale: string; changed: boolean }> };
    expect(list.templates.find((t) => t.outcome === "pin-issued" && t.locale === "en")!.changed).toBe(false);
  });

  it("admins saving at once all get a version, numbered one after the other", async () => {
    const before = await db.templateVersion.count({ where: { name: "rejected", locale: "en" } });
    const rejected = defaults.templates.get("rejected.en")!;
    const saves = await Promise.all([1, 2, 3, 4, 5, 6].map((n) => as(admin, "POST", "/api/templates/rejected/en", { ...rejected, note: `save ${n}` })));
    expect(saves.map((r) => r.statusCode)).toEqual([201, 201, 201, 201, 201, 201]);
    expect(saves.map((r) => (r.json() as { version: number }).version).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6].map((n) => before + n));
  });

  it("sends a test only to the signed-in admin, through the outbox", async () => {
    const r = await as(admin, "POST", `${API}/test`, { ...edited, to: "someone@else.test" });
    expect(r.statusCode).toBe(202);
    const { outboxId, to } = r.json() as { outboxId: number; to: string };
    expect(to).toBe("ada@admin.test");
    expect(queued).toContain(outboxId);
    const row = await db.outboundMessage.findUniqueOrThrow({ where: { id: outboxId } });
    expect(row).toMatchObject({ purpose: "test", toAddress: "ada@admin.test", status: "pending", template: "pin-issued", locale: "en" });
    expect(row.subject).toMatch(/^\[Test\] Your new PIN/);
    expect(row.maskedText).toContain("Dear Maria Santos,");
    expect((await as(admin, "POST", `${API}/test`, { ...pinEn, subject: "{{ nope }}" })).statusCode).toBe(422);
  });

  it("previews with sample values the admin typed (issue 20); unknown ones are refused", async () => {
    const r = await as(admin, "POST", `${API}/preview`, { ...pinEn, sample: { firstName: "Zoë", organizationName: "Acme Freight Ltd." } });
    expect(r.statusCode).toBe(200);
    const text = (r.json() as { text: string }).text;
    expect(text).toContain("Zoë");
    expect(text).toContain("Acme Freight Ltd.");
    expect((await as(admin, "POST", `${API}/preview`, { ...pinEn, sample: { pin: "12345678" } })).statusCode).toBe(400);
    expect((await as(admin, "POST", `${API}/preview`, { ...pinEn, sample: { firstName: "x".repeat(201) } })).statusCode).toBe(400);
  });

  it("sends the test with the sample data of either language (issue 20)", async () => {
    const en = await as(admin, "POST", `${API}/test`, { ...edited, sampleLocale: "en" });
    const fr = await as(admin, "POST", `${API}/test`, { ...edited, sampleLocale: "fr" });
    expect([en.statusCode, fr.statusCode]).toEqual([202, 202]);
    const text = async (r: typeof en) =>
      (await db.outboundMessage.findUniqueOrThrow({ where: { id: (r.json() as { outboxId: number }).outboxId } })).maskedText;
    const [a, b] = [await text(en), await text(fr)];
    // The same template, its dates written the French way with the French sample.
    expect(a).not.toBe(b);
    expect(b).toMatch(/(janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)/);
    expect((await as(admin, "POST", `${API}/test`, { ...edited, sampleLocale: "de" })).statusCode).toBe(400);
  });
});

describe("template admin pages", () => {
  it("the list shows which templates changed, by whom", async () => {
    await as(admin, "POST", "/api/templates/name-mismatch/fr", {
      ...defaults.templates.get("name-mismatch.fr")!,
      note: "ton plus doux",
      subject: "Nom non reconnu ({{ reference }})",
    });
    const page = await as(admin, "GET", "/admin/templates");
    expect(page.statusCode).toBe(200);
    const row = /<tr data-template="name-mismatch\.fr">[\s\S]*?<\/tr>/.exec(page.body)?.[0] ?? "";
    expect(row).toContain("Changed");
    expect(row).toContain("ada@admin.test");
    expect(row).toContain("ton plus doux");
  });

  it("the editor previews in a sandboxed iframe under a CSP without inline scripts", async () => {
    const page = await as(admin, "GET", "/admin/templates/pin-issued/en");
    expect(page.statusCode).toBe(200);
    const csp = String(page.headers["content-security-policy"]);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    // Email HTML is styled inline, and the srcdoc iframe inherits this policy.
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).toContain("default-src 'none'");
    expect(page.body).toMatch(/<iframe id="preview-html" title="HTML preview" sandbox referrerpolicy="no-referrer" srcdoc="[^"]*PIN: 48207315/);
    expect(page.body).not.toMatch(/<script>(?!<\/)/);
    expect((await as(admin, "GET", "/admin/templates/assets/template-editor.js")).statusCode).toBe(200);
    expect((await as(admin, "GET", "/admin/templates/pin-issued/de")).statusCode).toBe(404);
  });

  it("saving through the form redirects to the editor; an invalid form shows its errors and saves nothing", async () => {
    const before = await db.templateVersion.count();
    const form = {
      _csrf: admin.csrf,
      subject: pinEn.subject,
      html: pinEn.html,
      text: pinEn.text!.replace("PIN: {{ pin }}", "PIN {{ pin }}"),
      note: "",
      baseVersion: "5",
    };
    const bad = await app.inject({
      method: "POST",
      url: "/admin/templates/pin-issued/en",
      headers: { cookie: admin.cookie, "content-type": "application/x-www-form-urlencoded" },
      payload: new URLSearchParams(form).toString(),
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain("must appear on a line of its own");
    expect(await db.templateVersion.count()).toBe(before);
    // A failed save reads as an error, not in the green "saved" style (issue 20).
    expect(bad.body).toMatch(/<p class="tpl-flash tpl-flash-error" role="alert">Not saved:/);

    const good = await app.inject({
      method: "POST",
      url: "/admin/templates/pin-issued/en",
      headers: { cookie: admin.cookie, "content-type": "application/x-www-form-urlencoded" },
      payload: new URLSearchParams({ ...form, text: edited.text!.replaceAll("\n", "\r\n") }).toString(),
    });
    expect(good.statusCode).toBe(303);
    expect(good.headers.location).toBe("/admin/templates/pin-issued/en?saved=6");
    expect(await activeText()).toBe(edited.text);

    const history = await as(admin, "GET", "/admin/templates/pin-issued/en/history");
    expect(history.body).toContain("Changes from version 5 to version 6");
    // Both versions rendered with the sample data, side by side, sandboxed (issue 20).
    expect(history.body.match(/<iframe title="Version [56] \((before|after)\)" sandbox /g)).toHaveLength(2);
    expect(history.headers["content-security-policy"]).toContain("style-src 'self' 'unsafe-inline'");
    // The changed characters are marked within the line (issue 20): the common start and end stay plain.
    expect(history.body).toMatch(/<span class="tpl-diff-add">\+ <mark class="tpl-diff-mark">Dear \{\{ firstName \}\} \{\{ la<\/mark>stName \}\},<\/span>/);
    expect(history.body).toMatch(/<span class="tpl-diff-remove">- <mark class="tpl-diff-mark">Hello \{\{ fir<\/mark>stName \}\},<\/span>/);
  });
});
