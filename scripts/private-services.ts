/**
 * Private PostgreSQL, Redis and Dovecot instances for fault-injection tests: each on its own free
 * port, with its state in a folder private-<kind>-<id>/ of servicesDataDir() (the checkout's data
 * folder of scripts/services.sh: /var/lib/pinmail-dev/<name>-<hash>/ as root, so users postgres
 * and mail reach it wherever the checkout is; .services/ otherwise), started, stopped, restarted
 * and misconfigured by the test that owns it. The shared instances of scripts/services.sh are
 * never touched.
 *
 *   const pg = await startPrivatePostgres();      // initdb as user postgres (it refuses root)
 *   const redis = await startPrivateRedis({ persist: false, policy: "noeviction" });
 *   const imap = await startPrivateDovecot();      // user test-<anything>, password "test"
 *   await redis.stop(); await redis.start();       // a restart without persistence comes back empty
 *   await pg.destroy();                            // stop and remove the state directory
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { createServer, Socket } from "node:net";
import { basename, join, resolve } from "node:path";

const ROOT = realpathSync(resolve(import.meta.dirname, ".."));
const HOST = "127.0.0.1";

export interface PrivateService {
  readonly port: number;
  readonly dir: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  destroy(): Promise<void>;
}

export interface PrivatePostgres extends PrivateService {
  /** postgresql://postgres@127.0.0.1:<port>/<db> */
  url(db: string): string;
}

export interface PrivateRedis extends PrivateService {
  readonly url: string;
}

export interface PrivateDovecot extends PrivateService {
  readonly host: string;
  /** Ends every session of `user`: the client must sign in again (with a current token). */
  kick(user: string): void;
}

export interface PrivateDovecotOptions {
  /**
   * Also accept XOAUTH2/OAUTHBEARER, checking each token at sign-in against this introspection
   * URL (POST token=…, expects {"active": true, "username": <the SASL user>}). Passwords
   * (user test-*, "test") keep working alongside.
   */
  oauth2?: { introspectionUrl: string };
  /** The personal namespace, e.g. { prefix: "INBOX.", separator: "." } as Courier-style servers have it. */
  namespace?: { prefix: string; separator: string };
  /** A folder "Sent" (under the namespace) with the \\Sent special use, created on first sign-in. */
  sentFolder?: boolean;
}

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once("error", rej);
    s.listen(0, HOST, () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
  });
}

export function portOpen(port: number, timeoutMs = 300): Promise<boolean> {
  return new Promise((res) => {
    const s = new Socket();
    const done = (ok: boolean) => {
      s.destroy();
      res(ok);
    };
    s.setTimeout(timeoutMs, () => done(false));
    s.once("error", () => done(false));
    s.connect(port, HOST, () => done(true));
  });
}

async function waitPort(port: number, open: boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await portOpen(port)) !== open) {
    if (Date.now() > deadline) throw new Error(`${what}: port ${port} still ${open ? "closed" : "open"} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const isRoot = () => process.getuid?.() === 0;

/**
 * The checkout's data folder, the same one scripts/services.sh uses (see its header): as root
 * /var/lib/pinmail-dev/<folder name>-<first 10 hex of sha256(physical path)>, else .services/.
 */
export function servicesDataDir(root = ROOT): string {
  if (!isRoot()) return join(root, ".services");
  // Byte by byte, as `tr` in services.sh does (a non-ASCII letter is two or more "_").
  const name = Buffer.from(basename(root))
    .toString("latin1")
    .replace(/[^A-Za-z0-9._-]/g, "_")
    .slice(0, 40);
  const hash = createHash("sha256").update(root).digest("hex").slice(0, 10);
  return join("/var/lib/pinmail-dev", `${name}-${hash}`);
}

function stateDir(kind: string): string {
  const data = servicesDataDir();
  if (isRoot()) {
    // World-searchable parents: postgres and mail must reach their folders below. The checkout
    // file lets services.sh remove the folder once the checkout is gone.
    for (const d of ["/var/lib/pinmail-dev", data]) {
      mkdirSync(d, { recursive: true });
      chmodSync(d, 0o755);
    }
    if (!existsSync(join(data, "checkout"))) writeFileSync(join(data, "checkout"), `${ROOT}\n`);
  }
  const dir = join(data, `private-${kind}-${process.pid}-${randomBytes(3).toString("hex")}`);
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, 0o755);
  return dir;
}

function run(cmd: string, args: string[], opts: { asUser?: string; daemon?: boolean } = {}): string {
  const [c, a] = opts.asUser && isRoot() ? ["runuser", ["-u", opts.asUser, "--", cmd, ...args]] : [cmd, args];
  // A daemon keeps the pipes it inherited open: give it none, or this would wait for ever.
  const r = spawnSync(c, a, { cwd: "/", encoding: "utf8", stdio: opts.daemon ? "ignore" : "pipe" });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${r.status}): ${r.stderr || r.stdout || "see its log"}`);
  return r.stdout ?? "";
}

function pgBin(): string {
  const versions = existsSync("/usr/lib/postgresql") ? readdirSync("/usr/lib/postgresql").sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) if (existsSync(`/usr/lib/postgresql/${v}/bin/initdb`)) return `/usr/lib/postgresql/${v}/bin`;
  throw new Error("PostgreSQL server binaries (initdb, pg_ctl) not found under /usr/lib/postgresql; run `bash scripts/services.sh up` once");
}

function uidOf(user: string): number {
  return Number(run("id", ["-u", user]).trim());
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = pgBin();
  const dir = stateDir("pg");
  const data = join(dir, "data");
  const port = await freePort();
  mkdirSync(data, { mode: 0o700 });
  if (isRoot()) {
    chownSync(dir, uidOf("postgres"), uidOf("postgres"));
    chownSync(data, uidOf("postgres"), uidOf("postgres"));
  }
  run(`${bin}/initdb`, ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync"], { asUser: "postgres" });
  writeFileSync(
    join(data, "postgresql.conf"),
    `listen_addresses = '${HOST}'\nport = ${port}\nunix_socket_directories = ''\nfsync = off\nsynchronous_commit = off\nfull_page_writes = off\nmax_connections = 200\n`,
    { flag: "a" },
  );
  if (isRoot()) chownSync(join(data, "postgresql.conf"), uidOf("postgres"), uidOf("postgres"));
  const svc: PrivatePostgres = {
    port,
    dir,
    url: (db) => `postgresql://postgres@${HOST}:${port}/${db}`,
    async start() {
      run(`${bin}/pg_ctl`, ["-D", data, "-l", join(dir, "postgres.log"), "-w", "-t", "60", "start"], { asUser: "postgres", daemon: true });
      await waitPort(port, true, 30_000, "postgres");
    },
    async stop() {
      // Immediate: what a crash or a hard restart does to open connections.
      run(`${bin}/pg_ctl`, ["-D", data, "-m", "immediate", "-w", "-t", "60", "stop"], { asUser: "postgres" });
      await waitPort(port, false, 10_000, "postgres");
    },
    async destroy() {
      if (await portOpen(port)) await svc.stop().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await svc.start();
  return svc;
}

export async function startPrivateRedis(opts: { persist?: boolean; policy?: string } = {}): Promise<PrivateRedis> {
  const dir = stateDir("redis");
  const port = await freePort();
  let child: ChildProcess | null = null;
  const args = [
    "--bind",
    HOST,
    "--port",
    String(port),
    "--dir",
    dir,
    "--save",
    "",
    "--appendonly",
    opts.persist ? "yes" : "no",
    "--appendfsync",
    "always",
    "--maxmemory-policy",
    opts.policy ?? "noeviction",
    "--daemonize",
    "no",
    "--logfile",
    join(dir, "redis.log"),
  ];
  const svc: PrivateRedis = {
    port,
    dir,
    url: `redis://${HOST}:${port}`,
    async start() {
      child = spawn("redis-server", args, { stdio: "ignore" });
      await waitPort(port, true, 10_000, "redis");
    },
    async stop() {
      const c = child;
      child = null;
      if (!c || c.exitCode !== null) return;
      // SIGKILL: no final save; with `persist` the AOF (fsync always) still has every write.
      const exited = new Promise((r) => c.once("exit", r));
      c.kill("SIGKILL");
      await exited;
      await waitPort(port, false, 5_000, "redis");
    },
    async destroy() {
      await svc.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await svc.start();
  return svc;
}

export async function startPrivateDovecot(opts: PrivateDovecotOptions = {}): Promise<PrivateDovecot> {
  const dir = stateDir("dovecot");
  const port = await freePort();
  const conf = join(dir, "dovecot.conf");
  for (const d of ["run", "state", "mail"]) mkdirSync(join(dir, d), { recursive: true });
  if (isRoot()) chownSync(join(dir, "mail"), uidOf("mail"), uidOf("mail"));
  // Verified settings: ../shared/research/ecosystem.md, "OAuth2 mailboxes".
  const oauth2 = opts.oauth2
    ? (writeFileSync(
        join(dir, "dovecot-oauth2.conf.ext"),
        `introspection_mode = post\nintrospection_url = ${opts.oauth2.introspectionUrl}\nforce_introspection = yes\nusername_attribute = username\nactive_attribute = active\nactive_value = true\ntimeout_msecs = 5000\n`,
        { mode: 0o644 },
      ),
      `passdb {
  driver = oauth2
  mechanisms = xoauth2 oauthbearer
  args = ${join(dir, "dovecot-oauth2.conf.ext")}
}
`)
    : "";
  const ns = opts.namespace ?? { prefix: "", separator: "/" };
  writeFileSync(
    conf,
    `instance_name = pinmail-private-${port}
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
protocols = imap
listen = ${HOST}
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login${opts.oauth2 ? " xoauth2 oauthbearer" : ""}
auth_username_format = %Lu
mail_location = maildir:${dir}/mail/%n/Maildir
mail_uid = mail
mail_gid = mail
first_valid_uid = ${isRoot() ? uidOf("mail") : 0}
mail_fsync = never
passdb {
  driver = static
  args = password=test
  username_filter = test-*${opts.oauth2 ? "\n  mechanisms = plain login" : ""}
}
${oauth2}userdb {
  driver = static
  args = home=${dir}/mail/%n allow_all_users=yes
}
namespace inbox {
  inbox = yes
  prefix = ${ns.prefix}
  separator = ${ns.separator}${opts.sentFolder ? "\n  mailbox Sent {\n    special_use = \\Sent\n    auto = create\n  }" : ""}
}
protocol imap {
  mail_max_userip_connections = 200
}
service imap-login {
  inet_listener imap {
    address = ${HOST}
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
`,
  );
  const svc: PrivateDovecot = {
    port,
    dir,
    host: HOST,
    kick(user) {
      run("doveadm", ["-c", conf, "kick", user]);
    },
    async start() {
      run("dovecot", ["-c", conf], { daemon: true });
      await waitPort(port, true, 10_000, "dovecot");
    },
    async stop() {
      run("doveadm", ["-c", conf, "stop"]);
      await waitPort(port, false, 10_000, "dovecot");
    },
    async destroy() {
      if (await portOpen(port)) await svc.stop().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await svc.start();
  return svc;
}
