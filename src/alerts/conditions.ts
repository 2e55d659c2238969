// Each alert condition as a pure function of facts read elsewhere (alert-facts.ts). A fact that
// could not be read is `null` and makes the condition `unknown`, which changes nothing: a
// database outage neither opens nor clears requests-waiting.
import { formatDuration } from "../core/duration.js";
import type { Observation } from "./alert-machine.js";
import type { AlertName } from "./alert-names.js";
import { torontoShortTime } from "./toronto-time.js";

export interface MailboxFacts {
  connected: boolean;
  /** The server refuses pinmail's sign-in (wrong password, refused token). */
  authFailing: boolean;
  /** When the connection was lost (null while connected). */
  downSince: Date | null;
  connectedSince: Date | null;
  /** Last successful round trip: a sweep, or the IDLE/NOOP keepalive answered. */
  lastSyncAt: Date | null;
}

export interface Credential {
  /** What it is, in words: "OAuth client secret", "OAuth certificate". */
  what: string;
  expiresAt: Date;
}

export interface AlertFacts {
  mailbox: MailboxFacts | null;
  /** Whether any process holds the mailbox reader lease (standbys take it within one lease period). */
  readerLeaseHeld: boolean | null;
  waiting: { count: number; oldest: Date | null } | null;
  failedLastHour: { count: number; first: Date | null } | null;
  overdueReviews: { count: number; oldestDue: Date | null } | null;
  /** null: could not be read. */
  credentials: Credential[] | null;
  /** Requests in the current silence window and in the same window of each of the last four weeks; "n/a" outside business hours. */
  silence: { current: number; previous: number[]; windowStart: Date } | "n/a" | null;
}

export interface ConditionSettings {
  deliveryFailedMin: number;
  reviewsOverdueMin: number;
  credentialExpiringWithinMs: number;
  silenceWindowMs: number;
  silenceMinExpected: number;
}

const timeFormat = torontoShortTime("en-CA");
/** A time in the staff's zone, with the zone said. */
export const torontoTime = (d: Date) => `${timeFormat.format(d)} Toronto time`;
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function observe(name: AlertName, f: AlertFacts, s: ConditionSettings, now: Date): Observation {
  switch (name) {
    case "mailbox-down": {
      if (!f.mailbox) return { status: "unknown" };
      if (f.mailbox.connected && !f.mailbox.authFailing) return { status: "ok" };
      const since = f.mailbox.downSince;
      const what = f.mailbox.authFailing ? "the mailbox refuses pinmail's sign-in" : "pinmail cannot reach the mailbox";
      return { status: "bad", since, text: `${what}${since ? ` since ${torontoTime(since)}` : ""}; new requests are not being read` };
    }
    case "mailbox-stale": {
      // While disconnected, mailbox-down speaks; this is the "connected but nothing happens" case.
      if (!f.mailbox || !f.mailbox.connected) return { status: "unknown" };
      const since = f.mailbox.lastSyncAt ?? f.mailbox.connectedSince;
      if (!since) return { status: "unknown" };
      return { status: "bad", since, text: `no successful round trip with the mailbox since ${torontoTime(since)}` };
    }
    case "requests-waiting": {
      if (!f.waiting) return { status: "unknown" };
      if (!f.waiting.oldest) return { status: "ok" };
      return {
        status: "bad",
        since: f.waiting.oldest,
        text: `${plural(f.waiting.count, "request is", "requests are")} waiting for a reply; the oldest arrived ${formatDuration(now.getTime() - f.waiting.oldest.getTime())} ago`,
      };
    }
    case "delivery-failed": {
      if (!f.failedLastHour) return { status: "unknown" };
      if (f.failedLastHour.count < s.deliveryFailedMin) return { status: "ok" };
      return {
        status: "bad",
        since: f.failedLastHour.first,
        text: `${plural(f.failedLastHour.count, "reply", "replies")} could not be delivered in the last hour`,
      };
    }
    case "reviews-overdue": {
      if (!f.overdueReviews) return { status: "unknown" };
      if (f.overdueReviews.count < s.reviewsOverdueMin) return { status: "ok" };
      return {
        status: "bad",
        since: f.overdueReviews.oldestDue,
        text: f.overdueReviews.count === 1 ? "1 review case is past its due date" : `${f.overdueReviews.count} review cases are past their due date`,
      };
    }
    case "credential-expiring": {
      if (!f.credentials) return { status: "unknown" };
      const soon = f.credentials
        .filter((c) => c.expiresAt.getTime() - now.getTime() <= s.credentialExpiringWithinMs)
        .sort((a, b) => a.expiresAt.getTime() - b.expiresAt.getTime());
      if (!soon.length) return { status: "ok" };
      const text = soon
        .map((c) => {
          const left = c.expiresAt.getTime() - now.getTime();
          return left <= 0
            ? `the ${c.what} expired on ${c.expiresAt.toISOString().slice(0, 10)}`
            : `the ${c.what} expires on ${c.expiresAt.toISOString().slice(0, 10)} (in ${formatDuration(left)})`;
        })
        .join("; ");
      return { status: "bad", since: null, text };
    }
    case "unusual-silence": {
      if (f.silence === null) return { status: "unknown" };
      // Outside business hours there is no window to judge: keep whatever state there is.
      if (f.silence === "n/a") return { status: "unknown" };
      const usual = f.silence.previous.length > 0 && f.silence.previous.every((n) => n >= s.silenceMinExpected);
      if (f.silence.current > 0 || !usual) return { status: "ok" };
      return {
        status: "bad",
        since: f.silence.windowStart,
        text: `no request at all since ${torontoTime(f.silence.windowStart)}; the same window had ${f.silence.previous.join(", ")} requests in each of the last ${f.silence.previous.length} weeks (is mail being diverted by a mailbox rule?)`,
      };
    }
    case "no-workers": {
      if (f.readerLeaseHeld === null) return { status: "unknown" };
      if (f.readerLeaseHeld) return { status: "ok" };
      return {
        status: "bad",
        since: null,
        text: "no worker process holds or stands by for the mailbox reader lease; nothing reads the mailbox or sends replies",
      };
    }
  }
}
