// The gauges alerting needs in /metrics, also what deploy/prometheus/alerts.yml watches when
// pinmail itself cannot send (the whole deployment down): mailbox connected, last successful
// round trip, age of the oldest waiting request, open alerts by name; and the review backlog for
// the Grafana dashboard.
import { Gauge, type Registry } from "prom-client";
import type { Db } from "../store/prisma.js";
import { oldestWaiting } from "./alert-facts.js";
import { ALERT_NAMES, type AlertName } from "./alert-names.js";
import { openAlertNames } from "./alert-store.js";
import type { MailboxFacts } from "./conditions.js";

export interface AlertGauges {
  mailboxConnected: Gauge;
  lastSync: Gauge;
  oldestWaiting: Gauge;
  alertsOpen: Gauge<"alert">;
  reviewsWaiting: Gauge;
  reviewsOverdue: Gauge;
}

/** Once per process (per registry): prom-client refuses a second metric of the same name. */
export function registerAlertGauges(registry: Registry): AlertGauges {
  const g: AlertGauges = {
    mailboxConnected: new Gauge({
      name: "pinmail_mailbox_connected",
      help: "1 while the mailbox reader is connected and signed in, 0 otherwise (no reader: 0)",
      registers: [registry],
    }),
    lastSync: new Gauge({
      name: "pinmail_mailbox_last_sync_timestamp_seconds",
      help: "Unix time of the last successful round trip with the mailbox (sweep or keepalive answered)",
      registers: [registry],
    }),
    oldestWaiting: new Gauge({
      name: "pinmail_oldest_waiting_request_seconds",
      help: "Age of the oldest request with no reply delivered that is not in review (0: none)",
      registers: [registry],
    }),
    alertsOpen: new Gauge({ name: "pinmail_alerts_open", help: "1 while the alert is open", labelNames: ["alert"], registers: [registry] }),
    reviewsWaiting: new Gauge({ name: "pinmail_reviews_waiting", help: "Review cases waiting for a decision", registers: [registry] }),
    reviewsOverdue: new Gauge({ name: "pinmail_reviews_overdue", help: "Review cases past their due date", registers: [registry] }),
  };
  for (const name of ALERT_NAMES) g.alertsOpen.set({ alert: name }, 0);
  return g;
}

export function setOpenAlerts(g: AlertGauges, open: readonly AlertName[]): void {
  for (const name of ALERT_NAMES) g.alertsOpen.set({ alert: name }, open.includes(name) ? 1 : 0);
}

/** Brings the gauges up to date before /metrics answers; a part that cannot be read keeps its last value. */
export async function refreshAlertGauges(g: AlertGauges, d: { db: Db; mailbox: () => Promise<MailboxFacts | null> }, now = new Date()): Promise<void> {
  await Promise.all([
    d.mailbox().then(
      (m) => {
        g.mailboxConnected.set(m && m.connected && !m.authFailing ? 1 : 0);
        if (m?.lastSyncAt) g.lastSync.set(Math.floor(m.lastSyncAt.getTime() / 1000));
      },
      () => undefined,
    ),
    oldestWaiting(d.db).then(
      (w) => g.oldestWaiting.set(w.oldest ? Math.max(0, (now.getTime() - w.oldest.getTime()) / 1000) : 0),
      () => undefined,
    ),
    d.db.$queryRaw<
      Array<{ waiting: bigint; overdue: bigint }>
    >`SELECT count(*) AS waiting, count(*) FILTER (WHERE due_at < ${now}) AS overdue FROM inbound_requests WHERE state = 'review'`.then(
      (r) => {
        g.reviewsWaiting.set(Number(r[0]?.waiting ?? 0));
        g.reviewsOverdue.set(Number(r[0]?.overdue ?? 0));
      },
      () => undefined,
    ),
    openAlertNames(d.db).then(
      (open) => setOpenAlerts(g, open),
      () => undefined,
    ),
  ]);
}
