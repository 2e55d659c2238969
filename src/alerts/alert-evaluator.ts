// One round of alert checks: read the facts, step every condition, send what is due, write the
// book. Rounds are serialised by a PostgreSQL advisory lock, so however many processes run a
// round at once, each transition is written (and sent) once. While PostgreSQL is down the book is
// kept in this process's memory and written back when it returns.
import type { Logger } from "../runtime/logger.js";
import type { Db } from "../store/prisma.js";
import type { Rule } from "./alert-machine.js";
import type { AlertName } from "./alert-names.js";
import { dropUnconfigured, dueDeliveries, emptyBook, evaluate, mergeBooks, recordAttempt, type Book } from "./alert-book.js";
import type { AlertSender } from "./alert-channels.js";
import { readFacts, type FactSources } from "./alert-facts.js";
import { observe, type ConditionSettings } from "./conditions.js";
import { loadBook, markSaved, saveBook } from "./alert-store.js";

export interface AlertThresholds extends ConditionSettings {
  enabled: boolean;
  checkIntervalMs: number;
  mailboxDownAfterMs: number;
  syncStaleAfterMs: number;
  unansweredAfterMs: number;
}

export function rulesOf(t: AlertThresholds): Record<AlertName, Rule> {
  const on = (v: number) => t.enabled && v > 0;
  return {
    "mailbox-down": { enabled: on(t.mailboxDownAfterMs), holdMs: t.mailboxDownAfterMs },
    "mailbox-stale": { enabled: on(t.syncStaleAfterMs), holdMs: t.syncStaleAfterMs },
    "requests-waiting": { enabled: on(t.unansweredAfterMs), holdMs: t.unansweredAfterMs },
    "delivery-failed": { enabled: on(t.deliveryFailedMin), holdMs: 0 },
    "reviews-overdue": { enabled: on(t.reviewsOverdueMin), holdMs: 0 },
    "credential-expiring": { enabled: on(t.credentialExpiringWithinMs), holdMs: 0 },
    "unusual-silence": { enabled: on(t.silenceWindowMs) && t.silenceMinExpected > 0, holdMs: 0 },
    "no-workers": { enabled: on(t.mailboxDownAfterMs), holdMs: t.mailboxDownAfterMs },
  };
}

export interface EvaluatorDeps {
  db: Db;
  facts: Omit<FactSources, "db">;
  sender: AlertSender;
  thresholds: AlertThresholds;
  logger: Logger;
  /** Called after each round with the open alerts (metrics). */
  onRound?: (open: AlertName[]) => void;
}

export interface RoundResult {
  ran: boolean;
  stored: "postgres" | "memory";
  opened: AlertName[];
  cleared: AlertName[];
  sent: number;
  failed: number;
}

const LOCK_KEY = "pinmail:alerts";

export class AlertEvaluator {
  /** The book as this process last saw it; authoritative while `unsaved` (PostgreSQL was down). */
  private memory: Book = emptyBook();
  private unsaved = false;
  private running: Promise<RoundResult> | null = null;

  constructor(private readonly d: EvaluatorDeps) {}

  /** Runs a round unless one is already running in this process. */
  run(now = new Date()): Promise<RoundResult> {
    return (this.running ??= this.round(now).finally(() => {
      this.running = null;
    }));
  }

  private async round(now: Date): Promise<RoundResult> {
    const t = this.d.thresholds;
    const facts = await readFacts({ db: this.d.db, ...this.d.facts }, t, now);
    const rules = rulesOf(t);
    const play = async (book: Book) => {
      const r = evaluate(book, { observe: (name) => observe(name, facts, t, now), rules, channels: this.d.sender.channels, now });
      dropUnconfigured(r.book, this.d.sender.channels);
      for (const a of r.opened) this.d.logger.warn({ alert: a.name, since: a.since.toISOString() }, `alert opened: ${a.name}: ${a.text}`);
      for (const a of r.cleared)
        this.d.logger.info({ alert: a.name, since: a.since.toISOString(), until: a.until?.toISOString() }, `alert cleared: ${a.name}: ${a.clearedText}`);
      // From here on the book holds what was sent: if writing it fails, memory still knows.
      this.memory = r.book;
      this.unsaved = true;
      let sent = 0;
      let failed = 0;
      for (const { alert, delivery } of dueDeliveries(r.book, now)) {
        try {
          await this.d.sender.send(delivery.channel, alert, delivery.event);
          recordAttempt(alert, delivery, { ok: true }, now, t.checkIntervalMs);
          sent++;
        } catch (err) {
          recordAttempt(alert, delivery, { ok: false, error: (err as Error).message }, now, t.checkIntervalMs);
          failed++;
          this.d.logger.warn(
            {
              alert: alert.name,
              channel: delivery.channel,
              event: delivery.event,
              attempt: delivery.attempts,
              retryAt: delivery.nextAt,
              err: (err as Error).message,
            },
            "alert could not be sent; will retry",
          );
        }
      }
      return { opened: r.opened.map((a) => a.name), cleared: r.cleared.map((a) => a.name), sent, failed };
    };

    type Played = Omit<RoundResult, "ran" | "stored">;
    let played: Played | null = null;
    let locked = false;
    try {
      await this.d.db
        .$transaction(
          async (tx) => {
            const [lock] = await tx.$queryRaw<Array<{ ok: boolean }>>`SELECT pg_try_advisory_xact_lock(hashtext(${LOCK_KEY})) AS ok`;
            if (!lock?.ok) {
              locked = true; // another process is running this round
              return;
            }
            // After an outage this process's memory is newer than the table: it goes first.
            const book = this.unsaved ? mergeBooks(this.memory, await loadBook(tx)) : await loadBook(tx);
            played = await play(book);
            return saveBook(tx, this.memory);
          },
          { timeout: 120_000, maxWait: 10_000 },
        )
        .then((created) => {
          if (created) markSaved(this.memory, created);
        });
      if (!locked) this.unsaved = false;
    } catch (err) {
      this.d.logger.warn({ err: (err as Error).message }, "alert state could not be read or written in PostgreSQL; keeping it in memory");
      // If the round got as far as sending, memory holds it; otherwise it is played on memory now.
      played ??= await play(this.memory);
      this.unsaved = true;
    }
    if (locked) return { ran: false, stored: "postgres", opened: [], cleared: [], sent: 0, failed: 0 };
    this.d.onRound?.(this.openAlerts());
    const r: Played = played ?? { opened: [], cleared: [], sent: 0, failed: 0 };
    return { ran: true, stored: this.unsaved ? "memory" : "postgres", ...r };
  }

  /** Open alerts as this process knows them (memory), for the banner while PostgreSQL is down. */
  openAlerts(): AlertName[] {
    return this.memory.alerts.filter((a) => a.state === "open").map((a) => a.name);
  }
}
