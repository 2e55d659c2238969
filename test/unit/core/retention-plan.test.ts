import { describe, expect, it } from "vitest";
import {
  countsOf,
  cutoffsAt,
  planMailbox,
  planRawMail,
  planRecords,
  planRetention,
  retentionLines,
  type RetentionSettings,
} from "../../../src/core/retention-plan.js";

const DAY = 86_400_000;
const AT = new Date("2027-06-15T06:30:00Z");
const ago = (days: number, ms = 0) => new Date(AT.getTime() - days * DAY + ms);
const s: RetentionSettings = { rawMailDays: 90, recordDays: 730, mailboxDays: 60 };

describe("retention plan", () => {
  it("cuts off exactly N × 24 h before the date", () => {
    expect(cutoffsAt(AT, s)).toEqual({ rawMail: ago(90), records: ago(730), mailbox: ago(60) });
  });

  it("raw mail: strictly older than the cutoff, closed, not held", () => {
    const f = (id: number, days: number, state = "answered", held = false, ms = 0) => ({ id, reference: `R${id}`, state, arrivedAt: ago(days, ms), held });
    const plan = planRawMail(
      [
        f(1, 89),
        f(2, 91),
        f(3, 90),
        f(4, 90, "answered", false, -1),
        f(5, 400, "review"),
        f(6, 400, "received"),
        f(7, 400, "processing"),
        f(8, 400, "ignored", true),
        f(9, 400, "failed"),
      ],
      cutoffsAt(AT, s).rawMail,
    );
    expect(plan.remove.map((r) => r.id)).toEqual([2, 4, 9]);
    expect(plan.held.map((r) => r.id)).toEqual([8]);
  });

  it("records: by last activity; open requests keep a person whole; held people are counted apart", () => {
    const p = (key: string, days: number, open = false, held = false) => ({ key, lastActivityAt: ago(days), open, held });
    const plan = planRecords([p("a", 729), p("b", 731), p("c", 800, true), p("d", 900, false, true)], cutoffsAt(AT, s).records);
    expect(plan.remove.map((x) => x.key)).toEqual(["b"]);
    expect(plan.held.map((x) => x.key)).toEqual(["d"]);
  });

  it("mailbox: never a message of an open request; mail of no request goes by age", () => {
    const m = (uid: number, days: number, requestState: string | null, held = false) => ({ folder: "P", uid, arrivedAt: ago(days), requestState, held });
    const plan = planMailbox(
      [m(1, 59, "answered"), m(2, 61, "answered"), m(3, 61, "review"), m(4, 61, null), m(5, 61, "answered", true)],
      cutoffsAt(AT, s).mailbox,
    );
    expect(plan.remove.map((x) => x.uid)).toEqual([2, 4]);
    expect(plan.held.map((x) => x.uid)).toEqual([5]);
  });

  it("counts and one line per kind, in words", () => {
    const plan = planRetention(AT, s, {
      rawMail: [{ id: 1, reference: "R1", state: "answered", arrivedAt: ago(100), held: false }],
      records: [{ key: "x@example.test", lastActivityAt: ago(800), open: false, held: true }],
      mailbox: null,
    });
    const c = countsOf(plan);
    expect(c).toEqual({ at: AT.toISOString(), rawMail: 1, records: 0, mailbox: null, held: 1 });
    expect(Object.keys(c)).toEqual(["at", "rawMail", "records", "mailbox", "held"]);
    const lines = retentionLines(c, s, "dry-run");
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^raw mail: 1 request would be removed .*90 days/);
    expect(lines[1]).toMatch(/^records: 0 people's history would be removed .*730 days/);
    expect(lines[2]).toBe("mailbox: not checked (no IMAP settings)");
    expect(lines[3]).toBe("held: 1 item kept under a legal hold");
    expect(retentionLines({ ...c, mailbox: 3 }, s, "run")[2]).toMatch(/^mailbox: 3 messages removed .*60 days/);
  });
});
