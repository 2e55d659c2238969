// GET /api/alerts, the Alerts page and the banner on every page, on a whole pinmail (real
// PostgreSQL, Redis); and the alert gauges in /metrics.
import { readFileSync } from "node:fs";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addStaff } from "../../src/staff/staff-accounts.js";
import { testRecords } from "../fixtures/records.js";
import { startHarness, type Harness } from "../harness/pinmail.js";
import { signIn } from "../harness/web-session.js";

let h: Harness;
let app: FastifyInstance;
let cookie: string;
const PASSWORD = "support password 18";

beforeAll(async () => {
  h = await startHarness({ records: testRecords(), env: { ALERT_EMAIL_TO: "support@pinmail.test" } });
  app = h.service.app!;
  await addStaff(h.db, { email: "sam@support.test", role: "support", password: PASSWORD });
  cookie = (await signIn(app, "sam@support.test", PASSWORD)).cookie;
});
afterAll(async () => {
  await h?.stop();
});

const get = (url: string, auth = true) => app.inject({ url, headers: auth ? { cookie } : {} });

describe("alerts on the dashboard", () => {
  it("lists open and recent alerts for staff only, with the webhook's fields", async () => {
    const since = new Date("2026-12-07T15:00:00Z");
    await h.db.alert.create({
      data: {
        name: "mailbox-down",
        state: "open",
        since,
        text: "pinmail cannot reach the mailbox since Dec 7, 10:00 Toronto time; new requests are not being read",
        deliveries: [
          { channel: "email", event: "open", status: "sent", attempts: 1, lastError: null, sentAt: "2026-12-07T15:05:00.000Z", nextAt: null },
          {
            channel: "webhook",
            event: "open",
            status: "pending",
            attempts: 3,
            lastError: "webhook answered HTTP 500",
            sentAt: null,
            nextAt: "2026-12-07T15:09:00.000Z",
          },
        ],
      },
    });
    await h.db.alert.create({
      data: {
        name: "requests-waiting",
        state: "cleared",
        since: new Date(Date.now() - 3_600_000),
        until: new Date(Date.now() - 600_000),
        text: "2 requests are waiting for a reply; the oldest arrived 16 min ago",
        clearedText: "cleared after 50 min",
        outstanding: false,
      },
    });

    expect((await get("/api/alerts", false)).statusCode).toBe(401);
    expect((await get("/alerts", false)).statusCode).toBe(303);
    const api = await get("/api/alerts");
    expect(api.statusCode).toBe(200);
    const body = api.json() as { open: Array<Record<string, unknown>>; recent: Array<Record<string, unknown>> };
    expect(body.open).toHaveLength(1);
    expect(body.open[0]).toMatchObject({
      alert: "mailbox-down",
      state: "open",
      since: since.toISOString(),
      until: null,
      text: expect.stringContaining("cannot reach"),
    });
    expect(body.recent.map((a) => [a.alert, a.state, a.clearedText])).toEqual([["requests-waiting", "cleared", "cleared after 50 min"]]);

    const page = await get("/alerts");
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Open now (1)");
    expect(page.body).toContain("pinmail cannot connect or sign in to the mailbox");
    expect(page.body).toMatch(/Dec 7, 2026, 10:00 EST/);
    expect(page.body).toMatch(/Mail \(alert\) sent/);
    expect(page.body).toMatch(/Webhook \(alert\) not sent yet: 3 failed attempts \(webhook answered HTTP 500\), retrying/);
    expect(page.body).toContain("support@pinmail.test");
    expect(page.body).toContain('aria-current="page">Alerts');
    expect(page.body).not.toMatch(/"channel"|\{"/);
  });

  it("a banner on every page while an alert is open, gone once it clears", async () => {
    for (const url of ["/", "/requests", "/review", "/failures", "/alerts"]) {
      const r = await get(url);
      expect(r.statusCode, url).toBe(200);
      expect(r.body, url).toMatch(
        /<div class="alert alert-banner" role="alert"><p><strong>An alert is open:<\/strong> mailbox-down \(pinmail cannot connect or sign in to the mailbox\)/,
      );
    }
    // The login page has no session: no banner (nothing about pinmail's state leaks to visitors).
    expect((await app.inject({ url: "/login" })).body).not.toContain("alert-banner");
    await h.db.alert.updateMany({ where: { state: "open" }, data: { state: "cleared", until: new Date(), clearedText: "cleared after 1 h" } });
    expect((await get("/alerts")).body).toContain("No alert is open");
    expect((await get("/requests")).body).not.toContain("alert-banner");
  });

  it("/metrics has the gauges the Prometheus rules read", async () => {
    await h.db.alert.create({ data: { name: "no-workers", state: "open", since: new Date(), text: "x" } });
    const m = (await app.inject({ url: "/metrics" })).body;
    expect(m).toMatch(/^pinmail_alerts_open\{alert="no-workers"\} 1$/m);
    expect(m).toMatch(/^pinmail_alerts_open\{alert="mailbox-down"\} 0$/m);
    expect(m).toMatch(/^pinmail_oldest_waiting_request_seconds 0$/m);
    // The harness's reader is connected to the test mailbox and has swept it.
    let metrics = m;
    for (let i = 0; i < 100 && !/^pinmail_mailbox_connected 1$/m.test(metrics); i++) {
      await new Promise((r) => setTimeout(r, 100));
      metrics = (await app.inject({ url: "/metrics" })).body;
    }
    expect(metrics).toMatch(/^pinmail_mailbox_connected 1$/m);
    const last = Number(/^pinmail_mailbox_last_sync_timestamp_seconds (\d+)$/m.exec(metrics)?.[1]);
    expect(Math.abs(last - Date.now() / 1000)).toBeLessThan(300);
  });

  it("every metric deploy/grafana/pinmail.json and deploy/prometheus/alerts.yml query exists in /metrics", async () => {
    const text = (await app.inject({ url: "/metrics" })).body;
    const exposed = new Set<string>();
    for (const line of text.split("\n")) {
      const m = /^# TYPE (\S+) (\S+)/.exec(line);
      if (!m) continue;
      exposed.add(m[1]!);
      if (m[2] === "histogram") for (const s of ["_bucket", "_sum", "_count"]) exposed.add(`${m[1]}${s}`);
    }
    const dashboard = JSON.parse(readFileSync("deploy/grafana/pinmail.json", "utf8")) as { panels: Array<{ title: string; targets: Array<{ expr: string }> }> };
    const exprs = dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr));
    expect(dashboard.panels.map((p) => p.title)).toEqual(
      expect.arrayContaining(["Requests by outcome (per hour)", "Time to reply", "Queue depth", "Reviews", "Mailbox connected"]),
    );
    const rules = readFileSync("deploy/prometheus/alerts.yml", "utf8")
      .split("\n")
      .filter((l) => /^\s*expr:/.test(l));
    const queried = new Set([...exprs, ...rules].flatMap((e) => e.match(/\bpinmail_[a-z0-9_]+/g) ?? []));
    expect(queried.size).toBeGreaterThanOrEqual(9);
    expect([...queried].filter((name) => !exposed.has(name))).toEqual([]);
  });
});
