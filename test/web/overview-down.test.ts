// A web process alone (no worker running): the overview must say that nothing is processing mail.
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { startHarness, type Harness } from "../harness/pinmail.js";
import { signIn } from "../harness/web-session.js";
import { addStaff } from "../../src/staff/staff-accounts.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ role: "web" });
  await addStaff(h.db, { email: "sam@support.test", role: "support", password: "support password 1" });
});
afterAll(async () => {
  await h?.stop();
});

it("says the worker and the mailbox are down", async () => {
  const app = h.service.app!;
  const { cookie } = await signIn(app, "sam@support.test", "support password 1");
  const o = (await app.inject({ url: "/api/overview", headers: { cookie } })).json() as { worker: { up: boolean }; mailbox: { reported: boolean } };
  expect(o.worker.up).toBe(false);
  expect(o.mailbox.reported).toBe(false);
  const page = await app.inject({ url: "/partials/overview", headers: { cookie } });
  expect(page.body).toContain('role="alert"');
  expect(page.body).toContain("No worker is connected");
  expect(page.body).toContain("mailbox reader has not reported");
});

it("counts waiting jobs and the age of the oldest one", async () => {
  const app = h.service.app!;
  const { cookie } = await signIn(app, "sam@support.test", "support password 1");
  await h.service.producers.verifyRequests([900001]);
  await new Promise((r) => setTimeout(r, 1100));
  await h.service.producers.verifyRequests([900002]);
  type Figures = { queues: Array<{ name: string; counts: { waiting: number }; oldestWaitingAgeSeconds: number | null }> };
  // The figures are shared by all viewers for up to 2 s (issue 20): wait for a computation after the jobs.
  const requests = await vi.waitFor(
    async () => {
      const o = (await app.inject({ url: "/api/overview", headers: { cookie } })).json() as Figures;
      const q = o.queues.find((x) => x.name === "requests")!;
      if (q.counts.waiting < 2) throw new Error("not yet recomputed");
      return q;
    },
    { timeout: 5000, interval: 250 },
  );
  expect(requests.counts.waiting).toBe(2);
  expect(requests.oldestWaitingAgeSeconds).toBeGreaterThanOrEqual(1);
});
