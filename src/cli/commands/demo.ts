// `pinmail demo`: the whole product on this machine in one command. Local services (our own
// Dovecot and SMTP catcher, the machine's or our own PostgreSQL and Redis), the sample records,
// pinmail itself, and a handful of sample requests; then it prints each reply as it arrives.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { readEnv } from "../../config.js";
import { loadRoleConfig, startService } from "../../main.js";
import { createImapClient } from "../../mailbox/imap-client.js";
import { importRecords } from "../../store/import-records.js";
import { migrate } from "../../store/migrate.js";
import { createDb } from "../../store/prisma.js";
import { parseRecordsJson } from "../../store/records-file.js";
import { loadDemoSecrets } from "../demo/demo-secrets.js";
import { DEMO_MAX_MESSAGE_BYTES, sampleRequests } from "../demo/sample-requests.js";
import { importAtRisk, watchRequests } from "../demo/demo-extras.js";
import { createLogger } from "../../runtime/logger.js";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
/** Where the demo keeps the secrets it made on its first run (see demo-secrets.ts). */
export const DEMO_SECRETS_FILE = join(ROOT, ".services/demo-secrets.env");

/** Settings the demo fills in when the environment does not give them. Demo values only. */
const DEMO_DEFAULTS: Record<string, string> = {
  MAIL_FROM: "PIN Reset <pin-reset@pinmail.example>",
  PORTAL_URL: "https://portal.example.org/sign-in",
  WEB_PORT: "3000",
  QUEUE_PREFIX: "pinmail-demo",
  // Issue 20: lines for people (LOG_FORMAT=json for the JSON log), and a size limit the oversized sample exceeds.
  LOG_FORMAT: "text",
  IMAP_MAX_MESSAGE_BYTES: String(DEMO_MAX_MESSAGE_BYTES),
};

function servicesEnv(): Record<string, string> {
  // A production install (the image, `npm ci --omit=dev` + dist/) carries neither the service
  // scripts nor the sample records: the demo is a development-checkout command.
  if (!existsSync(join(ROOT, "scripts/services.sh")))
    throw new Error("the demo needs a development checkout (git clone, npm install): scripts/services.sh is not in this installation");
  const r = spawnSync("bash", [join(ROOT, "scripts/services.sh"), "up"], { stdio: ["ignore", "inherit", "inherit"] });
  if (r.status !== 0) throw new Error("could not bring the local services up (see the messages above)");
  const file = join(ROOT, ".services/env");
  const out: Record<string, string> = {};
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const m = /^export ([A-Z_]+)='(.*)'$/.exec(line.trim());
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}

export async function runDemo(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { "no-requests": { type: "boolean", default: false } } });
  const services = servicesEnv();
  // The local services win over a .env meant for production; explicit demo overrides stay possible.
  // The demo's own secrets win too: the PINs in the demo's database are keyed with them.
  const env = { ...DEMO_DEFAULTS, ...readEnv(), ...loadDemoSecrets(DEMO_SECRETS_FILE), ...services };
  const roleConfig = loadRoleConfig("start", env);
  // The worker part's settings hold everything the demo itself reads (database, log, mailbox).
  const config = roleConfig.worker;

  console.log("\n== pinmail demo ==");
  const applied = await migrate(config.DATABASE_URL);
  console.log(`database: ${applied.applied.length} migration(s) applied`);
  const records = parseRecordsJson(readFileSync(join(ROOT, "examples/records.json"), "utf8"));
  if (!records.ok) throw new Error(`examples/records.json is invalid: ${JSON.stringify(records.problems)}`);
  const db = createDb(config.DATABASE_URL);
  const report = await importRecords(db, records.records);
  // An organization at risk of going dormant, dated from today (the "At risk" page).
  await importAtRisk(db);
  console.log(
    `records: ${report.users.created} user(s) created, ${report.users.unchanged} unchanged; Lakeshore Transport Co. goes dormant in 45 days (At risk page)`,
  );

  // The JSON log only when asked for (LOG_FORMAT=json); otherwise warnings and errors as lines
  // for people, and one line per request below.
  const logger =
    config.LOG_FORMAT === "json"
      ? undefined
      : createLogger((env as Record<string, string | undefined>)["LOG_LEVEL"] ? config.LOG_LEVEL : "warn", undefined, "text");
  const service = await startService("start", roleConfig, { logger });
  const catcherDir = services["SMTP_CATCHER_DIR"] ?? join(ROOT, ".services/smtp");
  const stopWatching = watchReplies(catcherDir);
  const stopRequests = watchRequests(db, new Date(Date.now() - 1000), (line) => console.log(`request ${line}`));

  if (!values["no-requests"]) {
    const client = createImapClient({
      host: config.IMAP_HOST,
      port: config.IMAP_PORT,
      secure: config.IMAP_SECURE,
      user: config.IMAP_USER,
      password: config.IMAP_PASSWORD,
    });
    await client.connect();
    for (const r of sampleRequests(config.IMAP_MAILBOX)) {
      await client.append(config.IMAP_MAILBOX, r.raw, [], r.internalDate);
      console.log(`sent sample request: ${r.label}`);
    }
    await client.logout();
  }

  console.log(`
Where to look:
  replies as files   ${catcherDir}/inbox/*.eml   (index: ${catcherDir}/index.jsonl)
  replies by IMAP    127.0.0.1:${config.IMAP_PORT}, user "replies", password "replies"
  the bot's mailbox  127.0.0.1:${config.IMAP_PORT}, user "${config.IMAP_USER}", password "${config.IMAP_PASSWORD}"
  health             ${service.url}/readyz      metrics ${service.url}/metrics
  demo secrets       ${DEMO_SECRETS_FILE}   (PIN_SECRET, ENROLLMENT_API_TOKEN; made once, kept)
  enroll with a PIN  curl -s -X POST ${service.url}/api/enrollments \\
                       -H "authorization: Bearer $(sed -n 's/^ENROLLMENT_API_TOKEN=//p' ${DEMO_SECRETS_FILE})" \\
                       -H 'content-type: application/json' -d '{"firstName":"Maria","lastName":"Santos","pin":"<PIN from the reply>"}'
Send your own request: any mail with "PIN Reset" in the subject appended to ${config.IMAP_MAILBOX}.
Ctrl-C stops pinmail (the services keep running; \`bash scripts/services.sh down\` stops them).
`);
  await new Promise<void>((resolve) => {
    const onSignal = () => {
      stopWatching();
      stopRequests();
      void service
        .stop()
        .then(() => db.$disconnect())
        .then(resolve);
    };
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
  });
  return 0;
}

/** Prints one line per reply the SMTP catcher stores from now on. */
function watchReplies(dir: string): () => void {
  const index = join(dir, "index.jsonl");
  let seen = existsSync(index) ? readFileSync(index, "utf8").split("\n").filter(Boolean).length : 0;
  const timer = setInterval(() => {
    if (!existsSync(index)) return;
    const lines = readFileSync(index, "utf8").split("\n").filter(Boolean);
    for (const line of lines.slice(seen)) {
      const r = JSON.parse(line) as { to: string[]; subject: string | null; file: string };
      const text = readFileSync(join(dir, r.file), "latin1");
      const pin = /^PIN: (\d+)/m.exec(text)?.[1];
      console.log(`reply → ${r.to.join(", ")}  "${r.subject}"${pin ? `  (PIN: ${pin})` : ""}  ${join(dir, r.file)}`);
    }
    seen = lines.length;
  }, 300);
  return () => clearInterval(timer);
}
