// The alert book, pure: the conditions' check state and the alerts that are open or still have
// something to send. `evaluate` applies one round of observations; `dueDeliveries` and
// `recordAttempt` schedule the mail and webhook calls, each retried until it goes through.
import { formatDuration } from "../core/duration.js";
import { BUSINESS_TIME_ZONE } from "../core/time-zone.js";
import { torontoCalendarDate, formatCalendarDate } from "../core/toronto-date.js";
import { step, type ConditionState, type Observation, type Rule } from "./alert-machine.js";
import { ALERT_NAMES, DAILY_ALERTS, DIGEST_ONLY_ALERTS, type AlertName } from "./alert-names.js";

export type Channel = "email" | "webhook";
export type AlertEvent = "open" | "cleared";

export interface Delivery {
  channel: Channel;
  event: AlertEvent;
  status: "pending" | "sent" | "dropped";
  attempts: number;
  lastError: string | null;
  sentAt: string | null;
  nextAt: string | null;
}

export interface AlertRecord {
  /** null until it is written to PostgreSQL (alerts opened while it was down). */
  id: number | null;
  name: AlertName;
  state: "open" | "cleared";
  since: Date;
  until: Date | null;
  text: string;
  clearedText: string | null;
  deliveries: Delivery[];
  /** Changed since it was loaded: to be written. */
  changed: boolean;
}

export interface Book {
  conditions: Map<AlertName, ConditionState>;
  /** Open alerts and cleared ones with a delivery still pending. */
  alerts: AlertRecord[];
}

export const emptyBook = (): Book => ({ conditions: new Map(), alerts: [] });

/** Daily conditions are checked on the first round of each Toronto day from 08:00 on (and at the very first round). */
export function dailyCheckDue(checkedAt: Date | null, now: Date): boolean {
  if (!checkedAt) return true;
  const hour = Number(new Intl.DateTimeFormat("en-CA", { timeZone: BUSINESS_TIME_ZONE, hour: "2-digit", hourCycle: "h23" }).format(now));
  return formatCalendarDate(torontoCalendarDate(checkedAt)) !== formatCalendarDate(torontoCalendarDate(now)) && hour >= 8;
}

export function clearedText(a: Pick<AlertRecord, "since">, until: Date, reason: "recovered" | "turned-off"): string {
  const lasted = formatDuration(until.getTime() - a.since.getTime());
  return reason === "turned-off" ? `turned off after ${lasted} (its threshold is now 0 or ALERTS_ENABLED is false)` : `cleared after ${lasted}`;
}

export interface Round {
  observe(name: AlertName): Observation;
  rules: Record<AlertName, Rule>;
  channels: Channel[];
  now: Date;
}

/** One round: every condition stepped, alerts opened and cleared, deliveries queued. Returns what changed. */
export function evaluate(book: Book, round: Round): { book: Book; opened: AlertRecord[]; cleared: AlertRecord[] } {
  const { now } = round;
  const conditions = new Map(book.conditions);
  const alerts = book.alerts.map((a) => ({ ...a, deliveries: a.deliveries.map((d) => ({ ...d })) }));
  const opened: AlertRecord[] = [];
  const cleared: AlertRecord[] = [];
  for (const name of ALERT_NAMES) {
    const prev = conditions.get(name) ?? { name, pendingSince: null, checkedAt: null };
    const open = alerts.find((a) => a.name === name && a.state === "open") ?? null;
    const rule = round.rules[name];
    let observation: Observation = { status: "unknown" };
    let checkedAt = prev.checkedAt;
    if (!DAILY_ALERTS.has(name) || dailyCheckDue(prev.checkedAt, now)) {
      observation = round.observe(name);
      if (DAILY_ALERTS.has(name) && observation.status !== "unknown") checkedAt = now;
    }
    const r = step({ ...prev, checkedAt }, open !== null, observation, rule, now);
    conditions.set(name, r.condition);
    const t = r.transition;
    if (t.kind === "open") {
      const channels = DIGEST_ONLY_ALERTS.has(name) ? [] : round.channels;
      const a: AlertRecord = {
        id: null,
        name,
        state: "open",
        since: t.since,
        until: null,
        text: t.text,
        clearedText: null,
        deliveries: channels.map((channel) => pending(channel, "open")),
        changed: true,
      };
      alerts.push(a);
      opened.push(a);
    } else if (t.kind === "clear" && open) {
      open.state = "cleared";
      open.until = t.until;
      open.clearedText = clearedText(open, t.until, t.reason);
      // "Cleared" goes wherever "open" went (or is still going).
      for (const channel of new Set(open.deliveries.filter((d) => d.event === "open" && d.status !== "dropped").map((d) => d.channel))) {
        open.deliveries.push(pending(channel, "cleared"));
      }
      open.changed = true;
      cleared.push(open);
    }
  }
  return { book: { conditions, alerts }, opened, cleared };
}

function pending(channel: Channel, event: AlertEvent): Delivery {
  return { channel, event, status: "pending", attempts: 0, lastError: null, sentAt: null, nextAt: null };
}

/** Deliveries to try now: pending, their retry time reached, and a "cleared" only after its "open" went out. */
export function dueDeliveries(book: Book, now: Date): Array<{ alert: AlertRecord; delivery: Delivery }> {
  const out: Array<{ alert: AlertRecord; delivery: Delivery }> = [];
  for (const alert of book.alerts) {
    for (const d of alert.deliveries) {
      if (d.status !== "pending" || (d.nextAt && new Date(d.nextAt) > now)) continue;
      if (d.event === "cleared" && alert.deliveries.some((o) => o.channel === d.channel && o.event === "open" && o.status === "pending")) continue;
      out.push({ alert, delivery: d });
    }
  }
  return out;
}

export const MAX_RETRY_DELAY_MS = 15 * 60_000;

/** Records one attempt; a failure is retried after baseMs, doubling up to 15 minutes, for as long as it takes. */
export function recordAttempt(alert: AlertRecord, d: Delivery, result: { ok: true } | { ok: false; error: string }, now: Date, baseMs: number): void {
  d.attempts += 1;
  alert.changed = true;
  if (result.ok) {
    d.status = "sent";
    d.sentAt = now.toISOString();
    d.nextAt = null;
    d.lastError = null;
    return;
  }
  d.lastError = result.error.slice(0, 300);
  d.nextAt = new Date(now.getTime() + Math.min(baseMs * 2 ** (d.attempts - 1), MAX_RETRY_DELAY_MS)).toISOString();
}

/** A channel that is no longer configured: its pending deliveries are dropped rather than kept forever. */
export function dropUnconfigured(book: Book, channels: readonly Channel[]): void {
  for (const a of book.alerts) {
    for (const d of a.deliveries) {
      if (d.status === "pending" && !channels.includes(d.channel)) {
        d.status = "dropped";
        d.lastError = `${d.channel === "email" ? "ALERT_EMAIL_TO" : "ALERT_WEBHOOK_URL"} is no longer set`;
        a.changed = true;
      }
    }
  }
}

/** Whether an alert still has to be kept in the book (open, or something left to send). */
export const outstanding = (a: AlertRecord) => a.state === "open" || a.deliveries.some((d) => d.status === "pending");

/**
 * The book to write back after PostgreSQL was unreachable: this process's memory wins for what
 * it knows; alerts only the table knows (opened before this process started) are kept; an alert
 * opened in memory while the table already had one open for the same name takes over that row
 * instead of adding a second open one.
 */
export function mergeBooks(memory: Book, table: Book): Book {
  const conditions = new Map(table.conditions);
  for (const [name, c] of memory.conditions) conditions.set(name, c);
  const alerts = [...memory.alerts];
  const known = new Set(memory.alerts.map((a) => a.id).filter((id): id is number => id !== null));
  for (const row of table.alerts) {
    if (row.id !== null && known.has(row.id)) continue;
    const twin = row.state === "open" ? alerts.find((a) => a.id === null && a.name === row.name && a.state === "open") : undefined;
    if (twin) {
      twin.id = row.id;
      twin.since = row.since < twin.since ? row.since : twin.since;
      twin.deliveries = [...row.deliveries.filter((d) => d.status !== "pending"), ...twin.deliveries];
      twin.changed = true;
    } else alerts.push(row);
  }
  return { conditions, alerts };
}
