// `pinmail start` (worker and web in one process): the Data page previews the mailbox too, and an
// erasure from the People page takes the person's mail from the processed folder (issue 19).
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { addStaff } from "../../src/staff/staff-accounts.js";
import { startHarness, type Harness } from "../harness/pinmail.js";
import { seedRequest, seedUser } from "../harness/retention-seed.js";
import { signIn } from "../harness/web-session.js";

let h: Harness;
let app: FastifyInstance;
const PASSWORD = "a long staff password 1";

beforeAll(async () => {
  h = await startHarness({ role: "start" });
  app = h.service.app!;
  await addStaff(h.db, { email: "ada@admin.test", role: "admin", password: PASSWORD });
});
afterAll(async () => {
  await h?.stop();
});

it("previews the mailbox and erases the person's mail from it", async () => {
  const admin = await signIn(app, "ada@admin.test", PASSWORD);
  const headers = { cookie: admin.cookie, "x-csrf-token": admin.csrf };
  const data = (await app.inject({ url: "/api/data", headers })).json();
  expect(data.nextRun.counts.mailbox).toBe(0);

  const user = await seedUser(h.db, "kate@example.test", { first: "Katherine", last: "Johnson" });
  await seedRequest(h.db, "kate@example.test", 2, { userId: user.id, messageId: "<kate-1@example.test>" });
  const c = await h.imap();
  const processed = h.env["IMAP_PROCESSED_MAILBOX"]!;
  await c.mailboxCreate(processed).catch(() => undefined);
  await c.append(processed, "From: kate@example.test\r\nMessage-ID: <kate-1@example.test>\r\nSubject: PIN\r\n\r\nHello\r\n", ["\\Seen"]);
  const erased = await app.inject({
    method: "POST",
    url: `/api/people/${user.id}/erase`,
    headers,
    payload: { reason: "asked on 2027-06-01", confirm: "kate@example.test" },
  });
  expect(erased.statusCode).toBe(200);
  expect(erased.json()).toMatchObject({ ok: true, mailbox: 1 });
  const st = await c.status(processed, { messages: true });
  expect(st && st.messages).toBe(0);
  await c.logout();
});
