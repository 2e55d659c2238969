// The overview's charts (issue 20) on a real PostgreSQL: requests per staff-zone day by outcome,
// median and 95th percentile of the time to reply, and the page section with its table.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../src/store/prisma.js";
import { lastDays, loadCharts } from "../../src/web/support/charts-data.js";
import { chartsSection, duration } from "../../src/web/support/charts-section.js";
import { withLocale } from "../../src/web/i18n/locale.js";
import { createTestDb, type TestDb } from "../harness/test-db.js";

let t: TestDb;
let db: Db;
const TZ = "America/Toronto";
const NOW = new Date("2026-12-06T17:00:00Z"); // noon in Toronto
let seq = 0;

async function add(receivedAt: string, outcome: string | null, replySeconds: number | null) {
  seq++;
  await db.inboundRequest.create({
    data: {
      reference: `PM-CH-${seq}`,
      messageKey: `<chart-${seq}@test>`,
      mailbox: "INBOX",
      uidValidity: 1n,
      uid: seq,
      sender: `p${seq}@example.test`,
      subject: "PIN",
      rawSource: Buffer.from("x"),
      rawSize: 1,
      kind: "request",
      state: outcome === null ? "received" : "answered",
      outcome,
      receivedAt: new Date(receivedAt),
      answeredAt: replySeconds === null ? null : new Date(Date.parse(receivedAt) + replySeconds * 1000),
    },
  });
}

beforeAll(async () => {
  t = await createTestDb();
  db = createDb(t.url);
  // Today (Toronto): 3 answered in 10, 20 and 600 s, and one not decided yet.
  await add("2026-12-06T14:00:00Z", "pin-issued", 10);
  await add("2026-12-06T14:05:00Z", "pin-issued", 20);
  await add("2026-12-06T14:10:00Z", "name-mismatch", 600);
  await add("2026-12-06T14:15:00Z", null, null);
  // 01:30 UTC on Dec 6 is still Dec 5 in Toronto.
  await add("2026-12-06T01:30:00Z", "not-recognised", 30);
  // 31 days ago: outside the charts.
  await add("2026-11-05T15:00:00Z", "pin-issued", 5);
}, 60_000);
afterAll(async () => {
  await db?.$disconnect();
  await t?.drop();
});

describe("overview charts", () => {
  it("30 staff-zone days ending today", () => {
    const days = lastDays(NOW, TZ);
    expect(days).toHaveLength(30);
    expect(days[29]).toBe("2026-12-06");
    expect(days[0]).toBe("2026-11-07");
    // 02:00 UTC is the evening before in Toronto.
    expect(lastDays(new Date("2026-12-06T02:00:00Z"), TZ, 1)).toEqual(["2026-12-05"]);
  });

  it("counts per day by outcome and the reply-time percentiles", async () => {
    const c = await loadCharts(db, NOW, TZ);
    const today = c.counts.at(-1)!;
    expect(today).toEqual({ day: "2026-12-06", total: 4, byOutcome: { "pin-issued": 2, "name-mismatch": 1, undecided: 1 } });
    expect(c.counts.at(-2)).toEqual({ day: "2026-12-05", total: 1, byOutcome: { "not-recognised": 1 } });
    expect(c.counts.reduce((n, d) => n + d.total, 0)).toBe(5);
    const times = c.replyTimes.at(-1)!;
    expect(times.answered).toBe(3);
    expect(times.median).toBeCloseTo(20);
    // percentile_cont over 10, 20, 600: 20 + 0.9 × 580.
    expect(times.p95).toBeCloseTo(542);
    expect(c.replyTimes[0]!.median).toBeNull();
  });

  it("renders both charts as SVG with the numbers in a table, in either language", async () => {
    const c = await loadCharts(db, NOW, TZ);
    const en = chartsSection(c).value;
    expect(en.match(/<svg class="chart"/g)).toHaveLength(2);
    expect(en).toContain('aria-hidden="true"');
    expect(en).toContain("<caption>");
    expect(en).toMatch(/<th scope="row">Dec 6<\/th><td class="num">4<\/td><td class="num">2<\/td>/);
    expect(en).toContain("9 min"); // the 95th percentile, 542 s
    expect(en).not.toMatch(/https?:\/\//); // nothing fetched from elsewhere
    const fr = withLocale("fr", () => chartsSection(c).value);
    expect(fr).toContain("Demandes par jour, selon le résultat");
    expect(fr).toMatch(/<th scope="row">6 déc\.?<\/th>/);
  });

  it("durations in words", () => {
    expect(duration(42)).toBe("42 s");
    expect(duration(600)).toBe("10 min");
    expect(duration(7500)).toBe("2 h 05");
  });
});
