// Composition root: config in, adapters built once, roles started. `worker` reads the mailbox
// (when it holds the reader lease) and runs the queue workers; `web` serves HTTP; `start` both.
// Each part gets exactly the sections its role loaded (RoleConfig); settings reach the adapters
// through their subsystems' builders (readerSettingsOf, smtpSettingsOf, verifySettingsOf, ...).
import type { FastifyInstance } from "fastify";
import type { Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { Transporter } from "nodemailer";
import type pg from "pg";
import { loadConfig, type ConfigOf, type Section } from "./config.js";
import { mailIdentityOf } from "./config/mail-identity.js";
import { DEFAULT_ENROLL_LIMITS } from "./enroll/enroll.js";
import { MailboxReader } from "./ingest/mailbox-reader.js";
import { readerSettingsOf } from "./ingest/reader-settings.js";
import { ReaderLease } from "./ingest/reader-lease.js";
import type { SentReply } from "./outbox/deliver.js";
import { createTransport, occasionalSmtpSettingsOf, smtpSettingsOf, withSendRate } from "./outbox/transport.js";
import { SharedSendRate } from "./outbox/send-rate.js";
import { SentCopyRemover } from "./outbox/sent-copies.js";
import { setUpMailboxAuth, type MailboxAuth } from "./mailauth/setup.js";
import { explainServerRefusal } from "./mailauth/explain-failure.js";
import { assertNoEviction, createRedis } from "./jobs/connection.js";
import { createProducers, queueTimingsOf, type Producers } from "./jobs/producers.js";
import { analysePolicyOf, senderAuthPolicyOf } from "./pipeline/analyse-settings.js";
import { reconcile } from "./queue/reconcile.js";
import { startWorkers } from "./queue/workers.js";
import { workerSettingsOf } from "./queue/worker-settings.js";
import { describeSenderAuth } from "./core/sender-auth.js";
import { REMINDER_TIME_ZONE, scheduleReminders } from "./queue/reminder-schedule.js";
import { imapClientFor, imapSignInOf } from "./mailbox/imap-client.js";
import { retentionDeps } from "./retention/retention-deps.js";
import type { RetentionDeps } from "./retention/run-retention.js";
import { RETENTION_CRON, RETENTION_TIME_ZONE, scheduleRetention } from "./queue/retention-schedule.js";
import { loadDefaultTemplates, type DefaultTemplates } from "./reply/load-default-templates.js";
import { createRenderer, type Renderer } from "./reply/render.js";
import { Health, postgresProbe, redisProbe, type Probe } from "./runtime/health.js";
import { startHealthServer, type HealthServer } from "./runtime/health-server.js";
import { describeAlertChannels, startAlerts } from "./alerts/start-alerts.js";
import { MailboxPublisher } from "./alerts/mailbox-facts.js";
import { createLogger, type Logger } from "./runtime/logger.js";
import { createMetrics, type Metrics } from "./runtime/metrics.js";
import { createDb, type Db } from "./store/prisma.js";
import { createPool, pgQueryable, prismaQueryable } from "./store/sql.js";
import { sweepSealedCopies } from "./outbox/sealed-copies.js";
import type { VerifySettings } from "./verify/verify-request.js";
import { verifySettingsOf } from "./verify/verify-settings.js";
import { staffAuthSettingsOf, trustProxyOf } from "./web/web-settings.js";
// Loaded only by the web role: a worker does not carry fastify and the dashboard (~27 MB).
import type { buildApp } from "./web/build-app.js";

export type Role = "worker" | "web" | "start";

/** The sections each role loads (in this order its problems are reported). */
export const SECTIONS = {
  worker: ["database", "redis", "imap", "mail", "pin", "senderAuth", "worker", "health", "mailAuth", "retention", "alerts"],
  web: ["database", "redis", "pin", "web", "mail", "senderAuth", "health", "retention", "alerts", "mailAuth"],
  start: ["database", "redis", "imap", "mail", "pin", "senderAuth", "worker", "web", "health", "mailAuth", "retention", "alerts"],
} as const satisfies Record<Role, readonly Section[]>;

type WorkerSection = (typeof SECTIONS.worker)[number];
type WebSection = (typeof SECTIONS.web)[number];
/** What `pinmail worker` loads: the worker part's settings. */
export type WorkerConfig = ConfigOf<WorkerSection>;
/** What `pinmail web` loads: the web part's settings. */
export type WebConfig = ConfigOf<WebSection>;
/** The sections every role loads: stores, queues, PINs, mail, alerts, health. */
export type SharedConfig = ConfigOf<WorkerSection & WebSection>;

/** A role's settings, each part typed by exactly the sections its role loaded; `start` has both parts. */
export interface RoleConfig<R extends Role = Role> {
  shared: SharedConfig;
  worker: R extends "web" ? null : WorkerConfig;
  web: R extends "worker" ? null : WebConfig;
}

export interface Service {
  logger: Logger;
  db: Db;
  redis: Redis;
  producers: Producers;
  metrics: Metrics;
  health: Health;
  reader: MailboxReader | null;
  /** The mailbox's sign-in health (worker roles): connected, auth failing, last round trip, credential expiry. */
  mailboxAuth: MailboxAuth["status"] | null;
  app: FastifyInstance | null;
  url: string | null;
  /** The HEALTH_PORT server (/healthz, /readyz, /metrics) when HEALTH_PORT is set. */
  healthUrl: string | null;
  stop(): Promise<void>;
}

export interface ServiceOptions {
  logger?: Logger;
  /** Extra route groups for the web role (dashboard, template admin, ...). */
  webPlugins?: Parameters<typeof buildApp>[0]["plugins"];
  readerLeaseMs?: number;
  reconcileEveryMs?: number;
  /** How often the dashboard's live parts refresh (default 3 s). */
  liveEveryMs?: number;
}

type Env = Record<string, string | undefined>;

/** Checks the role's sections once; a bad setting stops the role here, every problem named. */
export function loadRoleConfig(role: "start", env?: Env): RoleConfig<"start">;
export function loadRoleConfig(role: Role, env?: Env): RoleConfig;
export function loadRoleConfig(role: Role, env?: Env): RoleConfig {
  if (role === "worker") {
    const c = loadConfig(SECTIONS.worker, env);
    return { shared: c, worker: c, web: null };
  }
  if (role === "web") {
    const c = loadConfig(SECTIONS.web, env);
    return { shared: c, worker: null, web: c };
  }
  const c = loadConfig(SECTIONS.start, env);
  return { shared: c, worker: c, web: c };
}

/** What both parts use, built once per process. */
interface Base {
  logger: Logger;
  db: Db;
  /** Blocking connection (queue workers). */
  redis: Redis;
  /** Fail-fast connection (producers, reads, leases). */
  producerRedis: Redis;
  producers: Producers;
  metrics: Metrics;
  health: Health;
  /** One renderer for replies and the admin preview: what admins see is what people get. */
  renderer: Renderer;
  defaults: DefaultTemplates;
  /** The pipeline's verification and staff decisions in the dashboard issue PINs the same way. */
  verifySettings: VerifySettings;
  /** The current PIN secret, then the retired ones that still verify. */
  secrets: string[];
  /** SMTP_RATE_PER_MINUTE shared with every other process through Redis; null: no limit. */
  sendRate: SharedSendRate | null;
}

export async function startService(role: Role, config: RoleConfig, opts: ServiceOptions = {}): Promise<Service> {
  const c = config.shared;
  const logger = opts.logger ?? createLogger(c.LOG_LEVEL, undefined, c.LOG_FORMAT);
  const db = createDb(c.DATABASE_URL, { poolSize: 10 });
  const redis = createRedis(c.REDIS_URL, "worker");
  redis.on("error", () => undefined); // reported through readiness; ioredis keeps reconnecting
  const producerRedis = createRedis(c.REDIS_URL, "producer");
  producerRedis.on("error", () => undefined);
  await assertNoEviction(redis);
  const producers = createProducers(producerRedis, c.QUEUE_PREFIX, queueTimingsOf(c));
  const metrics = createMetrics();
  const health = new Health();
  const probes: Probe[] = [postgresProbe(db).start(), redisProbe(producerRedis).start()];
  for (const p of probes) health.add(p);
  const defaults = loadDefaultTemplates();
  // The mailbox's limit, for every send of this process (replies, alerts, the digest) and of the others.
  const sendRate = c.SMTP_RATE_PER_MINUTE
    ? new SharedSendRate({
        redis: producerRedis,
        key: `${c.QUEUE_PREFIX}:smtp-rate`,
        limit: c.SMTP_RATE_PER_MINUTE,
        logger,
        onMode: (mode) => metrics.smtpRateLocal.set(mode === "local" ? 1 : 0),
        onWait: (ms) => metrics.smtpRateWaitSeconds.inc(ms / 1000),
      })
    : null;
  const base: Base = {
    logger,
    db,
    redis,
    producerRedis,
    producers,
    metrics,
    health,
    renderer: createRenderer(defaults.partials),
    defaults,
    verifySettings: verifySettingsOf(c),
    secrets: [c.PIN_SECRET, ...c.PIN_SECRET_PREVIOUS],
    sendRate,
  };
  const me = mailIdentityOf(c);

  const worker = config.worker ? await startWorkerPart(base, config.worker, opts) : null;

  // Alerts and the daily digest, in every role: a web process alone still notices that no worker is left.
  // A worker sends alerts with its delivery transport (same sign-in); a web process has its own.
  // Either way each alert takes a slot of the shared sending rate (replies take theirs in deliver).
  const alertTransport = worker ? withSendRate(worker.transport, sendRate) : createTransport(occasionalSmtpSettingsOf(c), sendRate);
  const alerts = await startAlerts({
    config: c,
    db,
    connection: redis,
    redis: producerRedis,
    prefix: c.QUEUE_PREFIX,
    logger,
    registry: metrics.registry,
    transport: alertTransport,
    from: me.from,
    envelopeFrom: me.envelopeFrom,
    dashboardUrl: c.WEB_PUBLIC_URL ?? null,
    redisUp: () => !health.failing().includes("redis"),
  });
  const refreshMetrics = () => Promise.all([refreshQueueMetrics(producers, metrics), alerts.refreshMetrics()]).then(() => undefined);

  // A web process alone previews the database side (the worker's purge checks the mailbox);
  // `start` reaches the mailbox too, so an erasure from the People page takes its copies.
  const web = config.web ? await startWebPart(base, config.web, { retention: worker?.retention ?? null, refreshMetrics }, opts) : null;
  let healthServer: HealthServer | null = null;
  if (c.HEALTH_PORT !== undefined) {
    healthServer = await startHealthServer(c.HEALTH_HOST, c.HEALTH_PORT, { health, metrics, refreshMetrics });
    logger.info({ url: healthServer.url }, "health checks listening (/healthz, /readyz, /metrics)");
  }
  logger.info({ role, mailbox: config.worker?.IMAP_MAILBOX }, "pinmail started");

  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      logger.info("shutting down");
      if (worker) clearInterval(worker.reconcileTimer);
      await web?.app.close();
      await worker?.lease.stop();
      await worker?.reader.stop();
      // A send waiting for a slot gives up now (its job is retried) instead of holding shutdown.
      sendRate?.stop();
      // Let in-flight jobs finish; what does not finish is retried by another worker.
      await Promise.all((worker?.workers ?? []).map((w) => w.close()));
      await alerts.stop();
      if (!worker) alertTransport.close();
      worker?.stopPublishing();
      worker?.transport.close();
      await worker?.sentCopies.stop();
      worker?.mailboxAuth.stop();
      await producers.close();
      for (const p of probes) p.stop();
      await Promise.all([redis.quit().catch(() => undefined), producerRedis.quit().catch(() => undefined)]);
      await db.$disconnect();
      await worker?.pool.end();
      // Last: liveness stays answerable while in-flight jobs finish.
      await healthServer?.close();
      logger.info("stopped");
    })());
  return {
    logger,
    db,
    redis: producerRedis,
    producers,
    metrics,
    health,
    reader: worker?.reader ?? null,
    mailboxAuth: worker?.mailboxAuth.status ?? null,
    app: web?.app ?? null,
    url: web?.url ?? null,
    healthUrl: healthServer?.url ?? null,
    stop,
  };
}

/** What the worker part runs; startService stops it piece by piece, in the order shutdown needs. */
interface WorkerPart {
  pool: pg.Pool;
  mailboxAuth: MailboxAuth;
  sentCopies: SentCopyRemover;
  transport: Transporter;
  workers: Worker[];
  /** Retention that reaches the mailbox; `start` shares it with the Data page. */
  retention: RetentionDeps;
  reader: MailboxReader;
  lease: ReaderLease;
  reconcileTimer: NodeJS.Timeout;
  stopPublishing(): void;
}

/** The mailbox reader (under the reader lease), the queue workers, the daily schedules and reconcile. */
async function startWorkerPart(base: Base, c: WorkerConfig, opts: ServiceOptions): Promise<WorkerPart> {
  const { logger, db, producerRedis, producers, metrics, health, renderer, defaults } = base;
  // Verification holds a connection for its whole transaction and delivery needs one too, each
  // with WORKER_CONCURRENCY jobs at once: a smaller pool makes replies wait behind decisions. Both
  // run on a plain `pg` pool (Prisma's client costs ~2 ms of CPU per request on that path), and so
  // does intake's storing of each batch; the Prisma client serves everything else (reconcile,
  // failures, reminders, web).
  const pool = createPool(c.DATABASE_URL, { max: 2 * c.WORKER_CONCURRENCY + 6 });
  const me = mailIdentityOf(c);
  const auth = describeSenderAuth(c.PINMAIL_ENV, senderAuthPolicyOf(c));
  if (auth.off) logger.warn({ pinmailEnv: c.PINMAIL_ENV }, auth.message);
  else logger.info({ pinmailEnv: c.PINMAIL_ENV }, auth.message);
  const mbAuth = setUpMailboxAuth(c, logger, metrics);
  const imapAccount = imapSignInOf(c, mbAuth.tokens);
  const sentCopies = new SentCopyRemover({ ...imapAccount, sentMailbox: c.IMAP_SENT_MAILBOX }, logger);
  // The daily purge reaches the mailbox through the same client factory (and sign-in) as the reader.
  const retention = retentionDeps(db, c, c, () => imapClientFor(imapAccount));
  // Plain: delivery takes each reply's slot of the shared rate before claiming it (deliver.ts).
  const transport = createTransport({
    ...smtpSettingsOf(c),
    oauth: mbAuth.tokens
      ? {
          user: c.SMTP_USER ?? c.IMAP_USER,
          tokens: mbAuth.tokens,
          onToken: () => mbAuth.status.succeeded("token"),
          onTokenError: (err) => mbAuth.status.failed("token", err.failure),
        }
      : null,
  });
  const workers = startWorkers({
    connection: base.redis,
    prefix: c.QUEUE_PREFIX,
    db,
    logger,
    producers,
    settings: workerSettingsOf(c),
    verify: { db, pool, renderer, defaults, settings: base.verifySettings },
    reminders: {
      db,
      renderer,
      defaults,
      settings: { ownDomain: me.ownDomain, portalUrl: me.portalUrl, supportAddress: me.supportAddress, pinSecret: c.PIN_SECRET },
    },
    retention,
    deliver: {
      db,
      pool,
      transport,
      rate: base.sendRate,
      from: me.from,
      envelopeFrom: me.envelopeFrom,
      secrets: base.secrets,
      leaseMs: c.DELIVERY_LEASE_MS,
      onSent: (sent) => observeReply(metrics, sent),
      onSmtpAuth: (refused) => {
        if (refused === null) mbAuth.status.succeeded("smtp");
        else mbAuth.status.failed("smtp", explainServerRefusal("SMTP", c.MAIL_AUTH, refused));
      },
      onPinSent: (messageId) => sentCopies.add(messageId),
    },
  });

  const schedule = await scheduleReminders(producers.queues.maintenance, { enabled: c.REMINDERS_ENABLED, cron: c.REMINDER_CRON });
  logger.info(
    { cron: c.REMINDER_CRON, tz: REMINDER_TIME_ZONE },
    schedule === "scheduled" ? "daily reminders scheduled" : "reminders are off (REMINDERS_ENABLED=false)",
  );
  await scheduleRetention(producers.queues.maintenance);
  logger.info({ cron: RETENTION_CRON, tz: RETENTION_TIME_ZONE }, "daily retention purge scheduled");

  // The reader process publishes the mailbox's state for the dashboard and the alerts (issue 18).
  let mailboxPublisher: MailboxPublisher | null = null;
  const analysis = { ...analysePolicyOf(c), maxAgeDays: c.IMAP_MAX_AGE_DAYS };
  const reader = new MailboxReader(readerSettingsOf(c, mbAuth.tokens), {
    db,
    q: pgQueryable(pool),
    producers,
    logger,
    analyseContext: () => ({ ...analysis }),
    onStatus: (s) => {
      if (s.state === "down") metrics.mailboxReconnects.inc();
      (mailboxPublisher ??= new MailboxPublisher(producerRedis, `${c.QUEUE_PREFIX}:mailbox-status`, () => mbAuth.status.snapshot())).update(s);
    },
    authStatus: mbAuth.status,
  });
  let lease: ReaderLease | null = null;
  // A standby worker (another process holds the lease) counts as ready: the mailbox is read.
  // While signing in is what fails (token, IMAP or SMTP), /readyz names "mailbox-auth" instead.
  health.add({
    get name() {
      return mbAuth.status.isAuthFailing() ? "mailbox-auth" : "imap";
    },
    isUp: () => !mbAuth.status.isAuthFailing() && (lease?.isHeld() ? reader.isUp() : lease !== null),
  });
  lease = new ReaderLease(producerRedis, `${c.QUEUE_PREFIX}:reader-lease`, opts.readerLeaseMs ?? c.READER_LEASE_MS, (held) => {
    logger.info({ held }, held ? "this process is the mailbox reader" : "mailbox reader lease not held (standby)");
    if (held) reader.start();
    else void reader.stop();
  });
  lease.start();

  const runReconcile = () =>
    reconcile(db, producers)
      .then((r) => (r.requests || r.mails) && logger.info(r, "reconcile re-announced pending work"))
      .catch((err: Error) => logger.warn({ err: err.message }, "reconcile failed; will retry"))
      // Sealed copies of PIN replies past their PIN's expiry are dropped (issue 13.10).
      .then(() => sweepSealedCopies(prismaQueryable(db), new Date(), c.PIN_TTL_DAYS))
      .then((n) => n && logger.info({ wiped: n }, "sealed copies of expired PIN replies removed"))
      .catch((err: Error) => logger.warn({ err: err.message }, "sealed-copy sweep failed; will retry"));
  void runReconcile();
  const reconcileTimer = setInterval(runReconcile, opts.reconcileEveryMs ?? c.RECONCILE_INTERVAL_MS);

  return {
    pool,
    mailboxAuth: mbAuth,
    sentCopies,
    transport,
    workers,
    retention,
    reader,
    lease,
    reconcileTimer,
    stopPublishing: () => mailboxPublisher?.stopRepeating(),
  };
}

/** The staff dashboard, the template admin and the enrollment and sign-in APIs. */
async function startWebPart(
  base: Base,
  c: WebConfig,
  shared: { retention: RetentionDeps | null; refreshMetrics: () => Promise<void> },
  opts: ServiceOptions,
): Promise<{ app: FastifyInstance; url: string }> {
  const { logger, db, producers, renderer, defaults } = base;
  const me = mailIdentityOf(c);
  const { buildApp } = await import("./web/build-app.js");
  const app = await buildApp({
    db,
    health: base.health,
    metrics: base.metrics,
    logger,
    apiToken: c.ENROLLMENT_API_TOKEN,
    enroll: { secrets: base.secrets, ...DEFAULT_ENROLL_LIMITS },
    trustProxy: trustProxyOf(c),
    templates: {
      db,
      defaults,
      renderer,
      sendMail: (ids) => producers.sendMail(ids),
      ownDomain: me.ownDomain,
      pinSecret: c.PIN_SECRET,
      links: { portalUrl: me.portalUrl, webPublicUrl: c.WEB_PUBLIC_URL },
    },
    auth: staffAuthSettingsOf(c),
    dashboard: {
      db,
      redis: base.producerRedis,
      queuePrefix: c.QUEUE_PREFIX,
      liveEveryMs: opts.liveEveryMs,
      retention: shared.retention ?? retentionDeps(db, c, null),
      // Re-processed mail is analysed like the reader's, minus the age limit (reprocess-message.ts).
      review: { db, renderer, defaults, settings: base.verifySettings, producers, analyse: analysePolicyOf(c) },
    },
    plugins: opts.webPlugins,
    alertChannels: describeAlertChannels(c),
    staffLocale: c.STAFF_LOCALE,
    staffTimeZone: c.STAFF_TIMEZONE,
    refreshMetrics: shared.refreshMetrics,
  });
  const url = await app.listen({ host: c.WEB_HOST, port: c.WEB_PORT });
  logger.info({ url }, "web server listening");
  return { app, url };
}

function observeReply(metrics: Metrics, sent: SentReply): void {
  metrics.requestsByOutcome.inc({ outcome: sent.outcome ?? "unknown" });
  metrics.replyLatency.observe(Math.max(0, (sent.sentAt.getTime() - sent.arrivedAt.getTime()) / 1000));
}

async function refreshQueueMetrics(producers: Producers, metrics: Metrics): Promise<void> {
  for (const [name, q] of Object.entries(producers.queues)) {
    const counts = await q.getJobCounts("waiting", "active", "delayed", "failed", "completed");
    for (const [state, n] of Object.entries(counts)) metrics.queueDepth.set({ queue: name, state }, n);
  }
}
