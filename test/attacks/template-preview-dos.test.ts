// Issue 13.13: one hostile template preview must not hold up the web process. Liquid renders
// synchronously; in-process, the template below kept the event loop busy for seconds (validation
// renders it four times, then the preview once more). In the sandbox's worker thread the web
// process keeps answering, and a job over the time limit is stopped with words saying so.
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDefaultTemplates } from "../../src/reply/load-default-templates.js";
import { createRenderer } from "../../src/reply/render.js";
import { addStaff } from "../../src/staff/staff-accounts.js";
import { createDb, type Db } from "../../src/store/prisma.js";
import { TemplateSandbox } from "../../src/templates-admin/template-sandbox.js";
import { TEST_SECRETS } from "../harness/secrets.js";
import { buildTestApp } from "../harness/test-app.js";
import { createTestDb, type TestDb } from "../harness/test-db.js";
import { signIn } from "../harness/web-session.js";

const PASSWORD = "admin password 123";
const HEAVY = '{% for i in (1..19000) %}{{ reference | append: reference | append: reference | split: "" | join: "-" | size }}{% endfor %}';
const hostile = { subject: "Re {{ reference }}", html: `<p>{{ reference }}</p>${HEAVY}`, text: `{{ reference }}${HEAVY}` };

let testDb: TestDb;
let db: Db;
let app: FastifyInstance;
let sandbox: TemplateSandbox;
let admin: { cookie: string; csrf: string };

beforeAll(async () => {
  testDb = await createTestDb();
  db = createDb(testDb.url);
  const defaults = loadDefaultTemplates();
  await addStaff(db, { email: "ada@admin.test", role: "admin", password: PASSWORD });
  sandbox = new TemplateSandbox(1000);
  app = await buildTestApp(db, {
    templates: {
      db,
      defaults,
      renderer: createRenderer(defaults.partials),
      sendMail: async () => undefined,
      ownDomain: "pinmail.test",
      pinSecret: TEST_SECRETS.pinSecret,
      sandbox,
    },
  });
  admin = await signIn(app, "ada@admin.test", PASSWORD);
});
afterAll(async () => {
  await app?.close();
  await sandbox?.close();
  await db?.$disconnect();
  await testDb?.drop();
});

const preview = (source: object) =>
  app.inject({ method: "POST", url: "/api/templates/name-missing/en/preview", payload: source, headers: { cookie: admin.cookie, "x-csrf-token": admin.csrf } });

describe("template preview under a time limit", () => {
  it("an ordinary preview still renders (in the worker)", async () => {
    const r = await preview({ subject: "Re {{ reference }}", html: "<p>Hello, your reference is {{ reference }}.</p>", text: null });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ html: expect.stringContaining("PM-261126-7K3Q") });
  });

  it("the web process keeps answering during a hostile preview, which is stopped with words", async () => {
    const started = Date.now();
    let previewDone = 0;
    const pending = preview(hostile).then((r) => {
      previewDone = Date.now();
      return r;
    });
    // Health checks while the preview runs: each answered before the preview came back shows
    // the event loop was free while the template was being worked on.
    const answeredDuring: number[] = [];
    while (!previewDone && Date.now() - started < 20_000) {
      const h = await app.inject({ url: "/healthz" });
      expect(h.statusCode).toBe(200);
      if (!previewDone) answeredDuring.push(Date.now() - started);
      await new Promise((r) => setTimeout(r, 25));
    }
    const r = await pending;
    console.log(
      `[preview-dos] preview answered after ${previewDone - started} ms; ${answeredDuring.length} /healthz answers while it ran, the last at ${answeredDuring.at(-1)} ms`,
    );
    expect(answeredDuring.length).toBeGreaterThan(5);
    expect(answeredDuring.at(-1)!).toBeGreaterThan(500);
    expect(r.statusCode).toBe(422);
    expect(r.json().errors[0].message).toMatch(/took longer than 1 s, so it was stopped/);
    // A stopped job leaves a working sandbox behind.
    const after = await preview({ subject: "Re {{ reference }}", html: "<p>{{ reference }}</p>", text: null });
    expect(after.statusCode).toBe(200);
  });
});
