// The alert state machine and book: once on open, once on clear (with how long it lasted),
// never again while it stays open; thresholds hold; unknown changes nothing; retries back off.
import { describe, expect, it } from "vitest";
import { step, type Rule } from "../../../src/alerts/alert-machine.js";
import {
  dueDeliveries,
  emptyBook,
  evaluate,
  mergeBooks,
  recordAttempt,
  dropUnconfigured,
  type AlertRecord,
  type Book,
  type Round,
} from "../../../src/alerts/alert-book.js";
import { ALERT_NAMES, type AlertName } from "../../../src/alerts/alert-names.js";
import type { Observation } from "../../../src/alerts/alert-machine.js";
import { formatDuration, parseDuration } from "../../../src/core/duration.js";

const T0 = new Date("2026-12-07T15:00:00Z");
const at = (s: number) => new Date(T0.getTime() + s * 1000);
const off: Rule = { enabled: false, holdMs: 0 };

function rules(over: Partial<Record<AlertName, Rule>>): Record<AlertName, Rule> {
  return Object.fromEntries(ALERT_NAMES.map((n) => [n, over[n] ?? off])) as Record<AlertName, Rule>;
}

function round(
  book: Book,
  now: Date,
  obs: Partial<Record<AlertName, Observation>>,
  r: Record<AlertName, Rule>,
  channels: Round["channels"] = ["email", "webhook"],
) {
  return evaluate(book, { observe: (n) => obs[n] ?? { status: "ok" }, rules: r, channels, now });
}

describe("durations", () => {
  it("reads 30s, 5m, 2h, 30d and 0; refuses the rest", () => {
    expect([parseDuration("30s"), parseDuration("5m"), parseDuration("2h"), parseDuration("30d"), parseDuration("0")]).toEqual([
      30_000, 300_000, 7_200_000, 2_592_000_000, 0,
    ]);
    for (const bad of ["", "5", "1h30m", "-5m", "5 minutes", "5w"]) expect(parseDuration(bad)).toBeNull();
  });
  it("says how long in words", () => {
    expect([formatDuration(45_000), formatDuration(6 * 60_000), formatDuration(125 * 60_000), formatDuration(50 * 3_600_000)]).toEqual([
      "45 s",
      "6 min",
      "2 h 5 min",
      "2 days 2 h",
    ]);
  });
});

describe("step", () => {
  const cond = { name: "mailbox-down" as const, pendingSince: null, checkedAt: null };
  const rule = { enabled: true, holdMs: 300_000 };
  it("opens only once the condition has held for the hold time, counting from when it was first seen", () => {
    const a = step(cond, false, { status: "bad", since: null, text: "down" }, rule, at(0));
    expect(a.transition.kind).toBe("none");
    expect(a.condition.pendingSince).toEqual(at(0));
    const b = step(a.condition, false, { status: "bad", since: null, text: "down" }, rule, at(299));
    expect(b.transition.kind).toBe("none");
    const c = step(b.condition, false, { status: "bad", since: null, text: "down" }, rule, at(300));
    expect(c.transition).toEqual({ kind: "open", since: at(0), text: "down" });
    expect(step(c.condition, true, { status: "bad", since: null, text: "down" }, rule, at(900)).transition.kind).toBe("none");
  });
  it("a known start (since) counts from there", () => {
    expect(step(cond, false, { status: "bad", since: at(-301), text: "x" }, rule, at(0)).transition.kind).toBe("open");
  });
  it("recovering before the hold time resets the count; unknown changes nothing", () => {
    const a = step(cond, false, { status: "bad", since: null, text: "x" }, rule, at(0));
    const u = step(a.condition, false, { status: "unknown" }, rule, at(100));
    expect(u.condition).toEqual(a.condition);
    const ok = step(u.condition, false, { status: "ok" }, rule, at(200));
    expect(ok.condition.pendingSince).toBeNull();
    expect(step(ok.condition, false, { status: "bad", since: null, text: "x" }, rule, at(400)).transition.kind).toBe("none");
    expect(step(cond, true, { status: "unknown" }, rule, at(0)).transition.kind).toBe("none");
  });
  it("clears an open alert when the condition stops, and when it is turned off", () => {
    expect(step(cond, true, { status: "ok" }, rule, at(0)).transition).toEqual({ kind: "clear", until: at(0), reason: "recovered" });
    expect(step(cond, true, { status: "bad", since: null, text: "x" }, off, at(0)).transition).toEqual({ kind: "clear", until: at(0), reason: "turned-off" });
    expect(step(cond, false, { status: "bad", since: at(-9999), text: "x" }, off, at(0)).transition.kind).toBe("none");
  });
});

describe("evaluate and deliveries", () => {
  const r = rules({ "mailbox-down": { enabled: true, holdMs: 60_000 } });
  const bad: Partial<Record<AlertName, Observation>> = { "mailbox-down": { status: "bad", since: at(0), text: "pinmail cannot reach the mailbox" } };

  it("queues one open delivery per channel, none on later rounds, then one cleared per channel with the duration", () => {
    let book = emptyBook();
    let res = round(book, at(30), bad, r);
    expect(res.opened).toEqual([]);
    res = round(res.book, at(60), bad, r);
    expect(res.opened.map((a) => a.name)).toEqual(["mailbox-down"]);
    book = res.book;
    expect(dueDeliveries(book, at(60)).map((x) => `${x.delivery.channel}:${x.delivery.event}`)).toEqual(["email:open", "webhook:open"]);
    for (const x of dueDeliveries(book, at(60))) recordAttempt(x.alert, x.delivery, { ok: true }, at(60), 30_000);
    for (let s = 90; s < 600; s += 30) {
      res = round(book, at(s), bad, r);
      expect(res.opened).toEqual([]);
      book = res.book;
      expect(dueDeliveries(book, at(s))).toEqual([]);
    }
    res = round(book, at(660), {}, r);
    expect(res.cleared.map((a) => a.name)).toEqual(["mailbox-down"]);
    expect(res.cleared[0]!.clearedText).toBe("cleared after 11 min");
    expect(res.cleared[0]!.until).toEqual(at(660));
    expect(dueDeliveries(res.book, at(660)).map((x) => `${x.delivery.channel}:${x.delivery.event}`)).toEqual(["email:cleared", "webhook:cleared"]);
    expect(round(res.book, at(690), {}, r).cleared).toEqual([]);
  });

  it("no channel set: the alert opens with nothing to send (dashboard only)", () => {
    const res = round(round(emptyBook(), at(0), bad, r).book, at(60), bad, r, []);
    expect(res.opened).toHaveLength(1);
    expect(res.opened[0]!.deliveries).toEqual([]);
  });

  it("a failed delivery is retried with a doubling delay, and its cleared waits for it", () => {
    let res = round(emptyBook(), at(60), bad, r, ["webhook"]);
    const book = res.book;
    const [first] = dueDeliveries(book, at(60));
    recordAttempt(first!.alert, first!.delivery, { ok: false, error: "webhook answered HTTP 500" }, at(60), 30_000);
    expect(first!.delivery.nextAt).toBe(at(90).toISOString());
    expect(dueDeliveries(book, at(89))).toEqual([]);
    recordAttempt(first!.alert, first!.delivery, { ok: false, error: "HTTP 500" }, at(90), 30_000);
    expect(first!.delivery.nextAt).toBe(at(150).toISOString());
    res = round(book, at(100), {}, r, ["webhook"]);
    expect(res.cleared).toHaveLength(1);
    // The cleared call waits for the open one.
    expect(dueDeliveries(res.book, at(200)).map((x) => x.delivery.event)).toEqual(["open"]);
    const again = dueDeliveries(res.book, at(200))[0]!;
    recordAttempt(again.alert, again.delivery, { ok: true }, at(200), 30_000);
    expect(dueDeliveries(res.book, at(200)).map((x) => x.delivery.event)).toEqual(["cleared"]);
  });

  it("reviews-overdue is digest-only and daily: no mail, checked once per Toronto day from 08:00", () => {
    const rr = rules({ "reviews-overdue": { enabled: true, holdMs: 0 } });
    const obs = { "reviews-overdue": { status: "bad" as const, since: null, text: "2 review cases are past their due date" } };
    const morning = new Date("2026-12-07T13:30:00Z"); // 08:30 Toronto
    const res = round(emptyBook(), morning, obs, rr);
    expect(res.opened.map((a) => [a.name, a.deliveries.length])).toEqual([["reviews-overdue", 0]]);
    // Fine again an hour later: not looked at until tomorrow.
    expect(round(res.book, new Date(morning.getTime() + 3_600_000), {}, rr).cleared).toEqual([]);
    const tomorrowEarly = new Date("2026-12-08T12:00:00Z"); // 07:00 Toronto
    expect(round(res.book, tomorrowEarly, {}, rr).cleared).toEqual([]);
    expect(round(res.book, new Date("2026-12-08T13:05:00Z"), {}, rr).cleared.map((a) => a.name)).toEqual(["reviews-overdue"]);
  });

  it("a channel no longer configured drops its pending deliveries", () => {
    const res = round(emptyBook(), at(60), bad, r, ["email", "webhook"]);
    dropUnconfigured(res.book, ["email"]);
    expect(dueDeliveries(res.book, at(60)).map((x) => x.delivery.channel)).toEqual(["email"]);
    expect(res.book.alerts[0]!.deliveries.find((d) => d.channel === "webhook")!.status).toBe("dropped");
  });
});

describe("writing memory back after a PostgreSQL outage", () => {
  const rec = (o: Partial<AlertRecord>): AlertRecord => ({
    id: null,
    name: "mailbox-down",
    state: "open",
    since: at(0),
    until: null,
    text: "x",
    clearedText: null,
    deliveries: [],
    changed: false,
    ...o,
  });
  it("memory wins; rows only the table knows stay; an alert opened in memory takes over the table's open row", () => {
    const table: Book = {
      conditions: new Map([
        ["no-workers", { name: "no-workers", pendingSince: at(-50), checkedAt: null }],
        ["mailbox-down", { name: "mailbox-down", pendingSince: at(-100), checkedAt: null }],
      ]),
      alerts: [
        rec({
          id: 7,
          name: "mailbox-down",
          since: at(-100),
          deliveries: [{ channel: "email", event: "open", status: "sent", attempts: 1, lastError: null, sentAt: at(-90).toISOString(), nextAt: null }],
        }),
        rec({ id: 8, name: "delivery-failed" }),
        rec({ id: 9, name: "requests-waiting", text: "old" }),
      ],
    };
    const memory: Book = {
      conditions: new Map([["mailbox-down", { name: "mailbox-down", pendingSince: at(-10), checkedAt: null }]]),
      alerts: [
        rec({ id: null, name: "mailbox-down", since: at(-10), changed: true }),
        rec({ id: 9, name: "requests-waiting", state: "cleared", text: "new", changed: true }),
      ],
    };
    const m = mergeBooks(memory, table);
    expect(m.conditions.get("mailbox-down")!.pendingSince).toEqual(at(-10));
    expect(m.conditions.get("no-workers")!.pendingSince).toEqual(at(-50));
    expect(m.alerts.map((a) => [a.id, a.name, a.state])).toEqual([
      [7, "mailbox-down", "open"],
      [9, "requests-waiting", "cleared"],
      [8, "delivery-failed", "open"],
    ]);
    expect(m.alerts[0]!.since).toEqual(at(-100));
    expect(m.alerts[0]!.deliveries.map((d) => d.status)).toEqual(["sent"]);
    expect(m.alerts[1]!.text).toBe("new");
  });
});
