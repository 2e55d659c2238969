// Each condition judged from facts; texts carry counts and times only.
import { describe, expect, it } from "vitest";
import { observe, type AlertFacts, type ConditionSettings } from "../../../src/alerts/conditions.js";
import { silenceWindows } from "../../../src/alerts/silence-windows.js";
import { credentialsFromPublished, factsFromPublished, MailboxPublisher } from "../../../src/alerts/mailbox-facts.js";
import { alertSubject, webhookBody, webhookSignature } from "../../../src/alerts/alert-message.js";
import { createHmac } from "node:crypto";

const now = new Date("2026-12-08T16:00:00Z"); // Tuesday 11:00 Toronto
const none: AlertFacts = { mailbox: null, readerLeaseHeld: null, waiting: null, failedLastHour: null, overdueReviews: null, credentials: null, silence: null };
const s: ConditionSettings = {
  deliveryFailedMin: 1,
  reviewsOverdueMin: 1,
  credentialExpiringWithinMs: 30 * 86_400_000,
  silenceWindowMs: 7_200_000,
  silenceMinExpected: 3,
};
const mins = (m: number) => new Date(now.getTime() - m * 60_000);

describe("conditions", () => {
  it("every condition is unknown when its facts could not be read", () => {
    for (const n of [
      "mailbox-down",
      "mailbox-stale",
      "requests-waiting",
      "delivery-failed",
      "reviews-overdue",
      "credential-expiring",
      "unusual-silence",
      "no-workers",
    ] as const) {
      expect(observe(n, none, s, now).status).toBe("unknown");
    }
  });
  it("mailbox-down: disconnected or sign-in refused, since when it went down", () => {
    const mb = { connected: false, authFailing: false, downSince: mins(6), connectedSince: null, lastSyncAt: mins(7) };
    expect(observe("mailbox-down", { ...none, mailbox: mb }, s, now)).toMatchObject({ status: "bad", since: mins(6) });
    expect(observe("mailbox-down", { ...none, mailbox: { ...mb, connected: true, authFailing: true } }, s, now)).toMatchObject({
      status: "bad",
      text: expect.stringContaining("refuses"),
    });
    expect(observe("mailbox-down", { ...none, mailbox: { ...mb, connected: true, downSince: null } }, s, now).status).toBe("ok");
  });
  it("mailbox-stale: only while connected, from the last round trip", () => {
    const mb = { connected: true, authFailing: false, downSince: null, connectedSince: mins(60), lastSyncAt: mins(12) };
    expect(observe("mailbox-stale", { ...none, mailbox: mb }, s, now)).toMatchObject({ status: "bad", since: mins(12) });
    expect(observe("mailbox-stale", { ...none, mailbox: { ...mb, connected: false } }, s, now).status).toBe("unknown");
  });
  it("requests-waiting, delivery-failed, reviews-overdue, no-workers", () => {
    expect(observe("requests-waiting", { ...none, waiting: { count: 0, oldest: null } }, s, now).status).toBe("ok");
    expect(observe("requests-waiting", { ...none, waiting: { count: 3, oldest: mins(17) } }, s, now)).toEqual({
      status: "bad",
      since: mins(17),
      text: "3 requests are waiting for a reply; the oldest arrived 17 min ago",
    });
    expect(observe("delivery-failed", { ...none, failedLastHour: { count: 0, first: null } }, s, now).status).toBe("ok");
    expect(observe("delivery-failed", { ...none, failedLastHour: { count: 1, first: mins(5) } }, s, now)).toMatchObject({
      status: "bad",
      text: "1 reply could not be delivered in the last hour",
    });
    expect(observe("reviews-overdue", { ...none, overdueReviews: { count: 2, oldestDue: mins(100) } }, s, now)).toMatchObject({
      status: "bad",
      text: "2 review cases are past their due date",
    });
    expect(observe("no-workers", { ...none, readerLeaseHeld: false }, s, now).status).toBe("bad");
    expect(observe("no-workers", { ...none, readerLeaseHeld: true }, s, now).status).toBe("ok");
  });
  it("credential-expiring: within the window, with the date", () => {
    const soon = { what: "client secret", expiresAt: new Date("2026-12-20T00:00:00Z") };
    expect(observe("credential-expiring", { ...none, credentials: [soon] }, s, now)).toMatchObject({
      status: "bad",
      text: expect.stringContaining("the client secret expires on 2026-12-20"),
    });
    expect(observe("credential-expiring", { ...none, credentials: [{ ...soon, expiresAt: new Date("2027-03-01T00:00:00Z") }] }, s, now).status).toBe("ok");
    expect(observe("credential-expiring", { ...none, credentials: [] }, s, now).status).toBe("ok");
  });
  it("unusual-silence: none now, and at least the minimum in each of the last four weeks", () => {
    const f = (current: number, previous: number[]) => ({ ...none, silence: { current, previous, windowStart: mins(120) } });
    expect(observe("unusual-silence", f(0, [3, 5, 4, 3]), s, now)).toMatchObject({ status: "bad", since: mins(120) });
    expect(observe("unusual-silence", f(0, [3, 5, 2, 3]), s, now).status).toBe("ok");
    expect(observe("unusual-silence", f(1, [9, 9, 9, 9]), s, now).status).toBe("ok");
    expect(observe("unusual-silence", { ...none, silence: "n/a" }, s, now).status).toBe("unknown");
  });
});

describe("silence windows", () => {
  it("the last two business hours and the same wall-clock window on the four previous same weekdays", () => {
    const w = silenceWindows(now, 7_200_000)!;
    expect(w.current.start.toISOString()).toBe("2026-12-08T14:00:00.000Z");
    expect(w.previous.map((p) => p.start.toISOString())).toEqual([
      "2026-12-01T14:00:00.000Z",
      "2026-11-24T14:00:00.000Z",
      "2026-11-17T14:00:00.000Z",
      "2026-11-10T14:00:00.000Z",
    ]);
    expect(w.previous[0]!.end.toISOString()).toBe("2026-12-01T16:00:00.000Z");
  });
  it("keeps Toronto wall-clock hours across the change from daylight time (Nov 1, 2026)", () => {
    const w = silenceWindows(new Date("2026-11-10T16:00:00Z"), 7_200_000)!; // 11:00 EST
    expect(w.previous[1]!.start.toISOString()).toBe("2026-10-27T13:00:00.000Z"); // 09:00 EDT
  });
  it("none before 10:00 (window would start before 08:00), after 17:00, on a weekend or a holiday", () => {
    expect(silenceWindows(new Date("2026-12-08T14:30:00Z"), 7_200_000)).toBeNull();
    expect(silenceWindows(new Date("2026-12-08T22:30:00Z"), 7_200_000)).toBeNull();
    expect(silenceWindows(new Date("2026-12-12T16:00:00Z"), 7_200_000)).toBeNull();
    expect(silenceWindows(new Date("2026-12-25T16:00:00Z"), 7_200_000)).toBeNull();
  });
});

describe("mailbox facts", () => {
  it("tracks since when it is down and publishes it for the other processes", async () => {
    let t = new Date("2026-12-08T16:00:00Z");
    const sets: string[] = [];
    const p = new MailboxPublisher(
      { set: async (_k: string, v: string) => (sets.push(v), "OK") } as never,
      "k",
      () => null,
      () => t,
    );
    const base = { idle: false, idleSupported: true, lastSyncAt: null, lastError: null, reconnects: 0 };
    p.update({ ...base, state: "connected", lastSyncAt: t.toISOString() });
    t = new Date(t.getTime() + 60_000);
    p.update({ ...base, state: "down", lastError: "connect ECONNREFUSED" });
    t = new Date(t.getTime() + 60_000);
    p.update({ ...base, state: "connecting" });
    p.stopRepeating();
    const facts = factsFromPublished(JSON.parse(sets.at(-1)!), t)!;
    expect(facts).toMatchObject({ connected: false, authFailing: false, downSince: new Date("2026-12-08T16:01:00Z") });
    expect(factsFromPublished(JSON.parse(sets.at(-1)!), new Date(t.getTime() + 61_000))).toBeNull();
  });
});

describe("the sign-in health published with the mailbox (issue 16's snapshot)", () => {
  it("auth failing counts as down from the failure's start; the last round trip and the credential expiry are read", () => {
    const at = "2026-12-08T16:00:00.000Z";
    const p = {
      state: "connected" as const,
      idle: true,
      idleSupported: true,
      lastSyncAt: "2026-12-08T15:50:00.000Z",
      lastError: null,
      reconnects: 0,
      downSince: null,
      connectedSince: "2026-12-08T15:00:00.000Z",
      at,
      auth: {
        authFailing: true,
        authFailure: { since: "2026-12-08T15:55:00.000Z" },
        lastRoundTripAt: "2026-12-08T15:58:00.000Z",
        credentialExpiry: { what: "client certificate", expiresAt: "2026-12-31T00:00:00.000Z" },
      },
    };
    const f = factsFromPublished(p, new Date(at))!;
    expect(f).toEqual({
      connected: true,
      authFailing: true,
      downSince: new Date("2026-12-08T15:55:00.000Z"),
      connectedSince: new Date("2026-12-08T15:00:00.000Z"),
      lastSyncAt: new Date("2026-12-08T15:58:00.000Z"),
    });
    expect(observe("mailbox-down", { ...none, mailbox: f }, s, new Date(at))).toMatchObject({
      status: "bad",
      since: new Date("2026-12-08T15:55:00.000Z"),
      text: expect.stringContaining("refuses pinmail's sign-in"),
    });
    expect(credentialsFromPublished(p)).toEqual([{ what: "client certificate", expiresAt: new Date("2026-12-31T00:00:00.000Z") }]);
    expect(credentialsFromPublished({ ...p, auth: { ...p.auth, credentialExpiry: null } })).toEqual([]);
  });
});

describe("alert messages", () => {
  const a = {
    id: 1,
    name: "mailbox-down" as const,
    state: "cleared" as const,
    since: new Date("2026-12-08T16:00:00Z"),
    until: new Date("2026-12-08T16:06:00Z"),
    text: "pinmail cannot reach the mailbox",
    clearedText: "cleared after 6 min",
    deliveries: [],
    changed: false,
  };
  it("subjects and the webhook body", () => {
    expect(alertSubject(a, "open")).toBe("[pinmail] ALERT mailbox-down: pinmail cannot reach the mailbox");
    expect(alertSubject(a, "cleared")).toBe("[pinmail] CLEARED mailbox-down: cleared after 6 min");
    expect(webhookBody(a, "open")).toEqual({
      text: "[pinmail] ALERT mailbox-down: pinmail cannot reach the mailbox",
      alert: "mailbox-down",
      state: "open",
      since: "2026-12-08T16:00:00.000Z",
      until: null,
    });
    expect(webhookBody(a, "cleared").until).toBe("2026-12-08T16:06:00.000Z");
  });
  it("the signature is the HMAC-SHA256 of the exact body", () => {
    const body = JSON.stringify(webhookBody(a, "open"));
    expect(webhookSignature(body, "k3y")).toBe(`sha256=${createHmac("sha256", "k3y").update(body).digest("hex")}`);
    expect(webhookSignature(`${body} `, "k3y")).not.toBe(webhookSignature(body, "k3y"));
  });
});
