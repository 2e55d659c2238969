// The alert book in PostgreSQL: conditions' check state and the outstanding alerts (open, or a
// delivery still to send); and the alert list the dashboard shows.
import type { Prisma } from "../generated/prisma/client.js";
import type { Db } from "../store/prisma.js";
import { ALERT_NAMES, type AlertName } from "./alert-names.js";
import { outstanding, type AlertRecord, type Book, type Delivery } from "./alert-book.js";

type Tx = Prisma.TransactionClient | Db;

const isName = (n: string): n is AlertName => (ALERT_NAMES as readonly string[]).includes(n);

type AlertRow = { id: number; name: string; state: string; since: Date; until: Date | null; text: string; clearedText: string | null; deliveries: unknown };

export function toRecord(r: AlertRow): AlertRecord {
  return {
    id: r.id,
    name: r.name as AlertName,
    state: r.state === "open" ? "open" : "cleared",
    since: r.since,
    until: r.until,
    text: r.text,
    clearedText: r.clearedText,
    deliveries: Array.isArray(r.deliveries) ? (r.deliveries as Delivery[]) : [],
    changed: false,
  };
}

export async function loadBook(tx: Tx): Promise<Book> {
  const [conditions, alerts] = await Promise.all([tx.alertCondition.findMany(), tx.alert.findMany({ where: { outstanding: true }, orderBy: { id: "asc" } })]);
  return {
    conditions: new Map(
      conditions
        .filter((c) => isName(c.name))
        .map((c) => [c.name as AlertName, { name: c.name as AlertName, pendingSince: c.pendingSince, checkedAt: c.checkedAt }]),
    ),
    alerts: alerts.filter((a) => isName(a.name)).map(toRecord),
  };
}

/**
 * Writes what changed; alerts opened while PostgreSQL was down get their row now. The book is
 * not touched: call `markSaved` with the answer once the transaction has committed (a rolled
 * back write leaves the book still to be written).
 */
export async function saveBook(tx: Tx, book: Book): Promise<Array<{ alert: AlertRecord; id: number }>> {
  for (const c of book.conditions.values()) {
    await tx.alertCondition.upsert({
      where: { name: c.name },
      create: { name: c.name, pendingSince: c.pendingSince, checkedAt: c.checkedAt },
      update: { pendingSince: c.pendingSince, checkedAt: c.checkedAt },
    });
  }
  const created: Array<{ alert: AlertRecord; id: number }> = [];
  for (const a of book.alerts) {
    if (!a.changed) continue;
    const data = {
      name: a.name,
      state: a.state,
      since: a.since,
      until: a.until,
      text: a.text,
      clearedText: a.clearedText,
      deliveries: a.deliveries as unknown as Prisma.InputJsonValue,
      outstanding: outstanding(a),
    };
    if (a.id === null) created.push({ alert: a, id: (await tx.alert.create({ data, select: { id: true } })).id });
    else await tx.alert.update({ where: { id: a.id }, data });
  }
  return created;
}

export function markSaved(book: Book, created: Array<{ alert: AlertRecord; id: number }>): void {
  for (const c of created) c.alert.id = c.id;
  for (const a of book.alerts) a.changed = false;
  book.alerts = book.alerts.filter(outstanding);
}

export interface AlertView {
  id: number;
  alert: AlertName;
  state: "open" | "cleared";
  text: string;
  since: string;
  until: string | null;
  clearedText: string | null;
  sent: Array<{ channel: string; state: string; status: string; attempts: number; sentAt: string | null; lastError: string | null }>;
}

/** Open alerts and those that ended in the last `recentDays` days, newest first. */
export async function listAlerts(db: Db, now: Date, recentDays = 14): Promise<{ open: AlertView[]; recent: AlertView[] }> {
  const rows = await db.alert.findMany({
    where: { OR: [{ state: "open" }, { until: { gte: new Date(now.getTime() - recentDays * 86_400_000) } }] },
    orderBy: { since: "desc" },
    take: 200,
  });
  const views = rows.filter((r) => isName(r.name)).map((r) => viewOf(toRecord(r)));
  return { open: views.filter((v) => v.state === "open"), recent: views.filter((v) => v.state === "cleared") };
}

export function viewOf(a: AlertRecord): AlertView {
  return {
    id: a.id ?? 0,
    alert: a.name,
    state: a.state,
    text: a.text,
    since: a.since.toISOString(),
    until: a.until?.toISOString() ?? null,
    clearedText: a.clearedText,
    sent: a.deliveries.map((d) => ({ channel: d.channel, state: d.event, status: d.status, attempts: d.attempts, sentAt: d.sentAt, lastError: d.lastError })),
  };
}

/** Open alerts per name, for pinmail_alerts_open and the banner. */
export async function openAlertNames(db: Db): Promise<AlertName[]> {
  const rows = await db.alert.findMany({ where: { state: "open" }, select: { name: true } });
  return rows.map((r) => r.name).filter(isName);
}
