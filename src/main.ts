// Composition root: config in, adapters built once, roles started. `worker` reads the mailbox
// (when it holds the reader lease) and runs the queue workers; `web` serves HTTP; `start` both.
import type { FastifyInstance } from "fastify";
import type { Worker } from "bullmq";
import type { Redis } from "ioredis";
import { loadConfig, parseMailbox, type ConfigOf, type Section } from "./config.js";
import { DEFAULT_ENROLL_LIMITS } from "./enroll/enroll.js";
import { MailboxReader } from "./ingest/mailbox-reader.js";
import { ReaderLease } from "./ingest/reader-lease.js";
import type { SentReply } from "./outbox/deliver.js";
import { createTransport } from "./outbox/transport.js";
import { SentCopyRemover } from "./outbox/sent-copies.js";
import { setUpMailboxAuth, smtpOAuth, type MailboxAuth } from "./mailauth/setup.js";
import { explainServerRefusal } from "./mailauth/explain-failure.js";
import { assertNoEviction, createRedis } from "./jobs/connection.js";
import { createProducers, type Producers } from "./jobs/producers.js";
import { reconcile } from "./queue/reconcile.js";
import { startWorkers } from "./queue/workers.js";
import { describeSenderAuth } from "./core/sender-auth.js";
import { REMINDER_TIME_ZONE, scheduleReminders } from "./queue/reminder-schedule.js";
import { imapClientFor } from "./mailbox/imap-client.js";
import { retentionDeps } from "./retention/retention-deps.js";
import type { RetentionDeps } from "./retention/run-retention.js";
import { RETENTION_CRON, RETENTION_TIME_ZONE, scheduleRetention } from "./queue/retention-schedule.js";
import { loadDefaultTemplates } from "./reply/load-default-templates.js";
import { createRenderer } from "./reply/render.js";
import { Health, postgresProbe, redisProbe, type Probe } from "./runtime/health.js";
import { startHealthServer, type HealthServer } from "./runtime/health-server.js";
import { describeAlertChannels, startAlerts, type Alerts } from "./alerts/start-alerts.js";
import { MailboxPublisher } from "./alerts/mailbox-facts.js";
import { createLogger, type Logger } from "./runtime/logger.js";
import { createMetrics, type Metrics } from "./runtime/metrics.js";
import { createDb, type Db } from "./store/prisma.js";
import { createPool, prismaQueryable } from "./store/sql.js";
import { sweepSealedCopies } from "./outbox/sealed-copies.js";
// Loaded only by the web role: a worker does not carry fastify and the dashboard (~27 MB).
import type { buildApp } from "./web/build-app.js";

export type Role = "worker" | "web" | "start";

export const SECTIONS: Record<Role, Section[]> = {
  worker: ["database", "redis", "imap", "mail", "pin", "senderAuth", "worker", "health", "mailAuth", "retention", "alerts"],
  web: ["database", "redis", "pin", "web", "mail", "senderAuth", "health", "retention", "alerts", "mailAuth"],
  start: ["database", "redis", "imap", "mail", "pin", "senderAuth", "worker", "web", "health", "mailAuth", "retention", "alerts"],
};

export type FullConfig = ConfigOf<Section>;

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

export function loadRoleConfig(role: Role, env?: Record<string, string | undefined>): FullConfig {
  return loadConfig(SECTIONS[role], env) as FullConfig;
}

export async function startService(role: Role, config: FullConfig, opts: ServiceOptions = {}): Promise<Service> {
  const logger = opts.logger ?? createLogger(config.LOG_LEVEL, undefined, config.LOG_FORMAT);
  const runsWorker = role !== "web";
  const runsWeb = role !== "worker";
  // Verification holds a connection for its whole transaction and delivery needs one too, each
  // with WORKER_CONCURRENCY jobs at once: a smaller pool makes replies wait behind decisions. Both
  // run on a plain `pg` pool (Prisma's client costs ~2 ms of CPU per request on that path); the
  // Prisma client serves everything else (intake, reconcile, failures, reminders, web).
  const pool = runsWorker ? createPool(config.DATABASE_URL, { max: 2 * config.WORKER_CONCURRENCY + 6 }) : null;
  const db = createDb(config.DATABASE_URL, { poolSize: 10 });
  const redis = createRedis(config.REDIS_URL, "worker");
  redis.on("error", () => undefined); // reported through readiness; ioredis keeps reconnecting
  const producerRedis = createRedis(config.REDIS_URL, "producer");
  producerRedis.on("error", () => undefined);
  await assertNoEviction(redis);
  const producers = createProducers(producerRedis, config.QUEUE_PREFIX, {
    smtpRetryAttempts: config.SMTP_RETRY_ATTEMPTS ?? 12,
    smtpRetryBaseMs: config.SMTP_RETRY_BASE_MS ?? 5000,
  });
  const metrics = createMetrics();
  const health = new Health();
  const probes: Probe[] = [postgresProbe(db).start(), redisProbe(producerRedis).start()];
  for (const p of probes) health.add(p);

  const from = parseMailbox(config.MAIL_FROM)!;
  const ownDomain = from.address.split("@")[1]!.toLowerCase();
  const secrets = [config.PIN_SECRET, ...config.PIN_SECRET_PREVIOUS];

  let reader: MailboxReader | null = null;
  let lease: ReaderLease | null = null;
  let workers: Worker[] = [];
  // The worker's retention deps (they reach the mailbox); `start` shares them with the Data page.
  let workerRetention: RetentionDeps | null = null;
  let reconcileTimer: NodeJS.Timeout | null = null;
  let transport: ReturnType<typeof createTransport> | null = null;
  let mailboxAuth: MailboxAuth | null = null;
  let sentCopies: SentCopyRemover | null = null;
  let alerts: Alerts | null = null;
  // The reader process publishes the mailbox's state for the dashboard and the alerts (issue 18).
  let mailboxPublisher: MailboxPublisher | null = null;

  // One renderer for replies and the admin preview: what admins see is what people get.
  const defaults = loadDefaultTemplates();
  const renderer = createRenderer(defaults.partials);

  const supportAddress = config.SUPPORT_ADDRESS ?? from.address;
  // The pipeline's verification and staff decisions in the dashboard issue PINs the same way.
  const verifySettings = {
    pinSecret: config.PIN_SECRET,
    pinLength: config.PIN_LENGTH,
    pinTtlDays: config.PIN_TTL_DAYS,
    pinsPerDay: config.PIN_RATE_LIMIT_PER_DAY,
    unknownPerHour: config.UNKNOWN_REPLY_LIMIT_PER_HOUR,
    ownDomain,
    portalUrl: config.PORTAL_URL,
    supportAddress,
  };

  if (runsWorker) {
    const auth = describeSenderAuth(config.PINMAIL_ENV, { authservId: config.MAIL_AUTHSERV_ID, require: config.REQUIRE_SENDER_AUTH });
    if (auth.off) logger.warn({ pinmailEnv: config.PINMAIL_ENV }, auth.message);
    else logger.info({ pinmailEnv: config.PINMAIL_ENV }, auth.message);
    const mbAuth = (mailboxAuth = setUpMailboxAuth(config, logger, metrics));
    const imapAccount = {
      host: config.IMAP_HOST,
      port: config.IMAP_PORT,
      secure: config.IMAP_SECURE,
      user: config.IMAP_USER,
      password: config.IMAP_PASSWORD,
      tokens: mbAuth.tokens,
    };
    const sent = (sentCopies = new SentCopyRemover({ ...imapAccount, sentMailbox: config.IMAP_SENT_MAILBOX }, logger));
    workers = startWorkers({
      connection: redis,
      prefix: config.QUEUE_PREFIX,
      db,
      logger,
      producers,
      settings: {
        concurrency: config.WORKER_CONCURRENCY,
        lockMs: config.JOB_LOCK_MS,
        stalledIntervalMs: config.JOB_STALLED_INTERVAL_MS,
        // Replies waiting for the mailbox's sign-in to work again: 6 × SMTP_RETRY_BASE_MS, at most a minute.
        authRetryMs: Math.min(60_000, 6 * config.SMTP_RETRY_BASE_MS),
      },
      verify: {
        db,
        pool: pool ?? undefined,
        renderer,
        defaults,
        settings: verifySettings,
      },
      reminders: { db, renderer, defaults, settings: { ownDomain, portalUrl: config.PORTAL_URL, supportAddress, pinSecret: config.PIN_SECRET } },
      // The daily purge reaches the mailbox through the same client factory (and sign-in) as the reader.
      retention: (workerRetention = retentionDeps(db, config, config, () => imapClientFor(imapAccount))),
      deliver: {
        db,
        pool: pool ?? undefined,
        transport: (transport = createTransport({
          smtpUrl: config.SMTP_URL,
          poolSize: config.SMTP_POOL_SIZE,
          dkim: config.DKIM_DOMAIN
            ? { domainName: config.DKIM_DOMAIN, keySelector: config.DKIM_SELECTOR!, privateKeyFile: config.DKIM_PRIVATE_KEY_FILE! }
            : null,
          ratePerMinute: config.SMTP_RATE_PER_MINUTE,
          oauth: mbAuth.tokens
            ? {
                user: config.SMTP_USER ?? config.IMAP_USER,
                tokens: mbAuth.tokens,
                onToken: () => mbAuth.status.succeeded("token"),
                onTokenError: (err) => mbAuth.status.failed("token", err.failure),
              }
            : null,
        })),
        from: config.MAIL_FROM,
        envelopeFrom: config.MAIL_RETURN_PATH ?? from.address,
        secrets,
        onSent: (sent) => observeReply(metrics, sent),
        onSmtpAuth: (refused) => {
          if (refused === null) mbAuth.status.succeeded("smtp");
          else mbAuth.status.failed("smtp", explainServerRefusal("SMTP", config.MAIL_AUTH, refused));
        },
        onPinSent: (messageId) => sent.add(messageId),
      },
    });

    const schedule = await scheduleReminders(producers.queues.maintenance, { enabled: config.REMINDERS_ENABLED, cron: config.REMINDER_CRON });
    logger.info(
      { cron: config.REMINDER_CRON, tz: REMINDER_TIME_ZONE },
      schedule === "scheduled" ? "daily reminders scheduled" : "reminders are off (REMINDERS_ENABLED=false)",
    );
    await scheduleRetention(producers.queues.maintenance);
    logger.info({ cron: RETENTION_CRON, tz: RETENTION_TIME_ZONE }, "daily retention purge scheduled");

    reader = new MailboxReader(
      {
        host: config.IMAP_HOST,
        port: config.IMAP_PORT,
        secure: config.IMAP_SECURE,
        user: config.IMAP_USER,
        password: config.IMAP_PASSWORD,
        tokens: mbAuth.tokens,
        authMode: config.MAIL_AUTH,
        mailbox: config.IMAP_MAILBOX,
        processedMailbox: config.IMAP_PROCESSED_MAILBOX,
        attentionMailbox: config.IMAP_ATTENTION_MAILBOX,
        pollSeconds: config.IMAP_POLL_SECONDS,
        sweepSeconds: config.IMAP_SWEEP_SECONDS,
        idleDelayMs: config.IMAP_IDLE_DELAY_MS,
        maxMessageBytes: config.IMAP_MAX_MESSAGE_BYTES,
        reconnectMinMs: config.IMAP_RECONNECT_MIN_MS,
        reconnectMaxMs: config.IMAP_RECONNECT_MAX_MS,
      },
      {
        db,
        producers,
        logger,
        analyseContext: () => ({
          ownAddress: from.address,
          ownDomain,
          maxAgeDays: config.IMAP_MAX_AGE_DAYS,
          senderAuth: { authservId: config.MAIL_AUTHSERV_ID, require: config.REQUIRE_SENDER_AUTH },
        }),
        onStatus: (s) => {
          if (s.state === "down") metrics.mailboxReconnects.inc();
          (mailboxPublisher ??= new MailboxPublisher(producerRedis, `${config.QUEUE_PREFIX}:mailbox-status`, () => mbAuth.status.snapshot())).update(s);
        },
        authStatus: mbAuth.status,
      },
    );
    const theReader = reader;
    // A standby worker (another process holds the lease) counts as ready: the mailbox is read.
    // While signing in is what fails (token, IMAP or SMTP), /readyz names "mailbox-auth" instead.
    health.add({
      get name() {
        return mbAuth.status.isAuthFailing() ? "mailbox-auth" : "imap";
      },
      isUp: () => !mbAuth.status.isAuthFailing() && (lease?.isHeld() ? theReader.isUp() : lease !== null),
    });
    lease = new ReaderLease(producerRedis, `${config.QUEUE_PREFIX}:reader-lease`, opts.readerLeaseMs ?? config.READER_LEASE_MS, (held) => {
      logger.info({ held }, held ? "this process is the mailbox reader" : "mailbox reader lease not held (standby)");
      if (held) theReader.start();
      else void theReader.stop();
    });
    lease.start();

    const runReconcile = () =>
      reconcile(db, producers)
        .then((r) => (r.requests || r.mails) && logger.info(r, "reconcile re-announced pending work"))
        .catch((err: Error) => logger.warn({ err: err.message }, "reconcile failed; will retry"))
        // Sealed copies of PIN replies past their PIN's expiry are dropped (issue 13.10).
        .then(() => sweepSealedCopies(prismaQueryable(db), new Date(), config.PIN_TTL_DAYS))
        .then((n) => n && logger.info({ wiped: n }, "sealed copies of expired PIN replies removed"))
        .catch((err: Error) => logger.warn({ err: err.message }, "sealed-copy sweep failed; will retry"));
    void runReconcile();
    reconcileTimer = setInterval(runReconcile, opts.reconcileEveryMs ?? config.RECONCILE_INTERVAL_MS);
  }

  // Alerts and the daily digest, in every role: a web process alone still notices that no worker is left.
  // A worker sends alerts with its delivery transport (same sign-in); a web process has its own.
  const alertTransport =
    transport ??
    createTransport({
      smtpUrl: config.SMTP_URL,
      poolSize: 1,
      dkim: config.DKIM_DOMAIN ? { domainName: config.DKIM_DOMAIN, keySelector: config.DKIM_SELECTOR!, privateKeyFile: config.DKIM_PRIVATE_KEY_FILE! } : null,
      // With MAIL_AUTH other than password the web process signs in with tokens too (issue 16).
      oauth: smtpOAuth(config),
    });
  alerts = await startAlerts({
    config,
    db,
    connection: redis,
    redis: producerRedis,
    prefix: config.QUEUE_PREFIX,
    logger,
    registry: metrics.registry,
    transport: alertTransport,
    from: config.MAIL_FROM,
    envelopeFrom: config.MAIL_RETURN_PATH ?? from.address,
    dashboardUrl: config.WEB_PUBLIC_URL ?? null,
    redisUp: () => !health.failing().includes("redis"),
  });
  const refreshMetrics = () => Promise.all([refreshQueueMetrics(producers, metrics), alerts?.refreshMetrics()]).then(() => undefined);

  let app: FastifyInstance | null = null;
  let url: string | null = null;
  if (runsWeb) {
    const { buildApp } = await import("./web/build-app.js");
    app = await buildApp({
      db,
      health,
      metrics,
      logger,
      apiToken: config.ENROLLMENT_API_TOKEN,
      enroll: { secrets, ...DEFAULT_ENROLL_LIMITS },
      // X-Forwarded-For only from TRUSTED_PROXIES (issue 13.4); WEB_PUBLIC_URL alone no longer implies it.
      trustProxy: config.TRUSTED_PROXIES.length ? config.TRUSTED_PROXIES : false,
      templates: {
        db,
        defaults,
        renderer,
        sendMail: (ids) => producers.sendMail(ids),
        ownDomain,
        pinSecret: config.PIN_SECRET,
        links: { portalUrl: config.PORTAL_URL, webPublicUrl: config.WEB_PUBLIC_URL },
      },
      auth: {
        idleMs: config.WEB_SESSION_IDLE_HOURS * 3_600_000,
        maxFailures: config.WEB_LOGIN_MAX_FAILURES,
        lockoutMs: config.WEB_LOGIN_LOCKOUT_MINUTES * 60_000,
        secureCookies: config.WEB_PUBLIC_URL?.startsWith("https://") ?? false,
      },
      dashboard: {
        db,
        redis: producerRedis,
        queuePrefix: config.QUEUE_PREFIX,
        liveEveryMs: opts.liveEveryMs,
        // A web process alone previews the database side (the worker's purge checks the mailbox);
        // `start` reaches the mailbox too, so an erasure from the People page takes its copies.
        retention: workerRetention ?? retentionDeps(db, config, null),
        review: {
          db,
          renderer,
          defaults,
          settings: verifySettings,
          producers,
          analyse: {
            ownAddress: from.address,
            ownDomain,
            maxAgeDays: config.IMAP_MAX_AGE_DAYS ?? 14,
            senderAuth: { authservId: config.MAIL_AUTHSERV_ID, require: config.REQUIRE_SENDER_AUTH ?? false },
          },
        },
      },
      plugins: opts.webPlugins,
      alertChannels: describeAlertChannels(config),
      staffLocale: config.STAFF_LOCALE,
      staffTimeZone: config.STAFF_TIMEZONE,
      refreshMetrics,
    });
    url = await app.listen({ host: config.WEB_HOST, port: config.WEB_PORT });
    logger.info({ url }, "web server listening");
  }
  let healthServer: HealthServer | null = null;
  if (config.HEALTH_PORT !== undefined) {
    healthServer = await startHealthServer(config.HEALTH_HOST, config.HEALTH_PORT, { health, metrics, refreshMetrics });
    logger.info({ url: healthServer.url }, "health checks listening (/healthz, /readyz, /metrics)");
  }
  logger.info({ role, mailbox: runsWorker ? config.IMAP_MAILBOX : undefined }, "pinmail started");

  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      logger.info("shutting down");
      if (reconcileTimer) clearInterval(reconcileTimer);
      await app?.close();
      await lease?.stop();
      await reader?.stop();
      // Let in-flight jobs finish; what does not finish is retried by another worker.
      await Promise.all(workers.map((w) => w.close()));
      await alerts?.stop();
      if (alertTransport !== transport) alertTransport.close();
      mailboxPublisher?.stopRepeating();
      transport?.close();
      await sentCopies?.stop();
      mailboxAuth?.stop();
      await producers.close();
      for (const p of probes) p.stop();
      await Promise.all([redis.quit().catch(() => undefined), producerRedis.quit().catch(() => undefined)]);
      await db.$disconnect();
      await pool?.end();
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
    reader,
    mailboxAuth: mailboxAuth?.status ?? null,
    app,
    url,
    healthUrl: healthServer?.url ?? null,
    stop,
  };
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
