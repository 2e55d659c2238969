// `pinmail <command>`: parses arguments, loads only the config sections the command uses, and
// hands over to the command's module. Exit codes: 0 ok, 1 failure or invalid input, 2 usage.
import v8 from "node:v8";
import { ConfigError } from "../config.js";
import { beforeStartUp } from "../runtime/heap.js";
import { UsageError } from "./usage-error.js";

// Prisma's query compiler is WebAssembly, compiled at the first query. V8's optimising tier for it
// left ~75 MB of compiler memory resident in every process (an idle worker: 250 -> 175 MB), for
// code off the hot path (verification and delivery run on plain pg); the baseline tier is enough.
// Set before any module compiles WebAssembly, which is why it is here and not a command line flag.
v8.setFlagsFromString("--liftoff-only");

interface Command {
  summary: string;
  usage: string;
  help: string;
  run(args: string[]): Promise<number>;
}

const commands: Record<string, Command> = {
  migrate: {
    summary: "apply pending database migrations",
    usage: "pinmail migrate",
    help: "Applies prisma/migrations/* that are not yet applied, each in a transaction, recorded in\n_prisma_migrations as `prisma migrate deploy` records them. Needs DATABASE_URL.",
    run: async (args) => (await import("./commands/migrate.js")).runMigrate(args),
  },
  "import-records": {
    summary: "upsert organizations, branches and users from a JSON records file",
    usage: "pinmail import-records <file.json> [--prune]",
    help:
      "Validates the whole file first (errors name the JSON path); writes nothing when it is invalid.\n" +
      "--prune  deactivate users and organizations missing from the file (never deletes).\n" +
      "Exit 0 on success, 1 on invalid input, 2 on usage errors. Needs DATABASE_URL.",
    run: async (args) => (await import("./commands/import-records.js")).runImportRecords(args),
  },
  staff: {
    summary: "manage dashboard accounts (add, list, disable)",
    usage: "pinmail staff add <email> --role support|admin [--reset-password]\n       pinmail staff list\n       pinmail staff disable <email>",
    help:
      "add: the password is read from stdin when stdin is not a terminal; otherwise one is generated\n" +
      "     and printed once. An existing account is an error unless --reset-password.\nNeeds DATABASE_URL.",
    run: async (args) => (await import("./commands/staff.js")).runStaff(args),
  },
  worker: {
    summary: "watch the mailbox and process requests and replies",
    usage: "pinmail worker",
    help: "Runs the mailbox reader (one active at a time across processes), the verification and reply workers.",
    run: async (args) => serve("worker", args),
  },
  web: {
    summary: "serve the dashboard, the enrollment API and health checks",
    usage: "pinmail web",
    help: "Serves on WEB_HOST:WEB_PORT: /healthz, /readyz, /metrics, /api/enrollments, /api/sign-ins, the dashboard.",
    run: async (args) => serve("web", args),
  },
  start: {
    summary: "worker and web in one process",
    usage: "pinmail start",
    help: "Runs `pinmail worker` and `pinmail web` together in one process.",
    run: async (args) => serve("start", args),
  },
  "check-mailbox": {
    summary: "check the mailbox settings: token, IMAP, folders, SMTP (a checklist with what to do)",
    usage: "pinmail check-mailbox [--json] [--send-test <address>]",
    help:
      "Reads the same settings as `pinmail worker` and prints one line per check, ✓ or ✗ with what to do:\n" +
      "settings, the OAuth2 token (provider, expiry, scopes; never the token), IMAP (connect, TLS, sign-in,\n" +
      "IDLE/MOVE/UIDPLUS, IMAP_MAILBOX and its message count, the processed and attention folders, which\n" +
      "are created when missing, the Sent folder), the authserv-ids in the newest messages'\n" +
      "Authentication-Results, SMTP (connect, TLS, AUTH mechanisms, sign-in; no mail sent).\n" +
      "--send-test <address>  also send one test message there, and report whether a copy appears in Sent.\n" +
      "--json                 the results as JSON for scripts.\n" +
      "Exit 0 when every check passed, 1 otherwise.",
    run: async (args) => (await import("./commands/check-mailbox.js")).runCheckMailbox(args),
  },
  demo: {
    summary: "local services, sample records, pinmail, and sample requests",
    usage: "pinmail demo [--no-requests]",
    help: "Brings the local services up (scripts/services.sh), migrates, imports examples/records.json,\nstarts pinmail and drops sample requests into the mailbox. Ctrl-C stops it.",
    run: async (args) => (await import("./commands/demo.js")).runDemo(args),
  },
  reminders: {
    summary: "dormancy and expiry reminders: list (--dry-run) or send them now (--send)",
    usage: "pinmail reminders --dry-run [--at <date>]\n       pinmail reminders --send",
    help:
      "--dry-run lists who would get which reminder on that date and why, without sending.\n" +
      "--at      a date (2027-01-15: 09:00 America/Toronto that day, when the daily check runs) or a\n" +
      "          time with a zone (2027-01-15T09:00:00-05:00); default now.\n" +
      "--send    runs the check now; a running `pinmail worker` delivers the mail. Needs DATABASE_URL,\n" +
      "          REDIS_URL and the mail settings; the dry run needs only DATABASE_URL.",
    run: async (args) => (await import("./commands/reminders.js")).runReminders(args),
  },
  digest: {
    summary: "the daily digest for staff: print it (--dry-run) or send it now (--send)",
    usage: "pinmail digest --dry-run [--at <YYYY-MM-DD>] [--html]\n       pinmail digest --send",
    help:
      "The mail sent at 08:00 America/Toronto on business days to DIGEST_EMAIL_TO (default ALERT_EMAIL_TO):\n" +
      "the previous business day's requests by outcome, median and 95th percentile time to reply, reviews\n" +
      "waiting and overdue, failures, organizations going dormant within 30 days, open alerts; in\n" +
      "STAFF_LOCALE (en or fr).\n" +
      "--at    the digest of that date (as sent at 08:00 Toronto time); default now.\n" +
      "--html  print the HTML part instead of the plain text.\n" +
      "--send  needs the mail settings too; the dry run needs DATABASE_URL.",
    run: async (args) => (await import("./commands/digest.js")).runDigest(args),
  },
  retention: {
    summary: "the retention purge: what it would remove (--dry-run) or remove now (--run)",
    usage: "pinmail retention --dry-run|--run [--at <YYYY-MM-DD>] [--json]",
    help:
      "One line per kind with counts and why: raw mail (closed requests older than RAW_MAIL_RETENTION_DAYS),\n" +
      "records (people without activity for RECORD_RETENTION_DAYS), mailbox (processed and attention\n" +
      "messages older than IMAP_PROCESSED_RETENTION_DAYS; checked when the IMAP settings are set) and\n" +
      "items kept under a legal hold.\n" +
      "--at    as if today were that date (02:30 America/Toronto, when the daily purge runs); default now.\n" +
      '--json  {"at","rawMail","records","mailbox","held"}. Needs DATABASE_URL.',
    run: async (args) => (await import("./commands/retention.js")).runRetentionCommand(args),
  },
  hold: {
    summary: "put a person or a request on legal hold (nothing of it is purged or erased)",
    usage: "pinmail hold <email> --reason <text>\n       pinmail hold --request <reference> --reason <text>",
    help: "Audited with the reason. Exit 0 done, 1 no such request or already on hold, 2 usage. Needs DATABASE_URL.",
    run: async (args) => (await import("./commands/hold.js")).runHold("hold", args),
  },
  unhold: {
    summary: "lift a legal hold",
    usage: "pinmail unhold <email>\n       pinmail unhold --request <reference>",
    help: "Audited. Exit 0 done, 1 not on hold, 2 usage. Needs DATABASE_URL.",
    run: async (args) => (await import("./commands/hold.js")).runHold("unhold", args),
  },
  "export-person": {
    summary: "everything pinmail holds about one address, as a zip (person.json, messages/*.eml)",
    usage: "pinmail export-person <email> --out <file.zip>",
    help:
      "Registered details, requests and outcomes, replies (PINs masked), PIN history (never a PIN),\n" +
      "reminders, events; the person's messages and replies still within retention as .eml files.\n" +
      "Audited. Exit 0 done, 1 nothing found, 2 usage. Needs DATABASE_URL.",
    run: async (args) => (await import("./commands/person-data.js")).runExportPerson(args),
  },
  "erase-person": {
    summary: "remove one person's history now, at their request (except what a legal hold keeps)",
    usage: "pinmail erase-person <email> --yes --reason <text>",
    help:
      "Requests, replies, PIN history, reminders, enrollment attempts and events go; the registered\n" +
      "details stay (they belong to the portal's records). Audited without personal data: keep the\n" +
      "reason free of them. Exit 0 done, 1 nothing found or on legal hold, 2 usage. Needs DATABASE_URL.",
    run: async (args) => (await import("./commands/person-data.js")).runErasePerson(args),
  },
};

/** The long-running roles: heap settings first, then the role's modules (see runtime/heap.ts). */
async function serve(role: "worker" | "web" | "start", args: string[]): Promise<number> {
  beforeStartUp();
  return (await import("./commands/serve.js")).runServe(role, args);
}

function usage(): string {
  const width = Math.max(...Object.keys(commands).map((c) => c.length));
  return [
    "pinmail: answers PIN reset requests sent by email",
    "",
    "Usage: pinmail <command> [options]   (pinmail <command> --help for details)",
    "",
    ...Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
  ].join("\n");
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    console.log(usage());
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    console.error(`pinmail: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    console.log(`Usage: ${command.usage}\n\n${command.help}`);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (err) {
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      console.error(`pinmail ${name}: ${(err as Error).message}\nUsage: ${command.usage}`);
      return 2;
    }
    if (err instanceof ConfigError) {
      console.error(`pinmail ${name}: ${err.message}`);
      return 1;
    }
    console.error(`pinmail ${name}: ${(err as Error).message}`);
    return 1;
  }
}

const code = await main(process.argv.slice(2));
// Long-running commands resolve only when they have shut down; either way we are done here.
process.exitCode = code;
if (code !== 0 || !["worker", "web", "start", "demo"].includes(process.argv[2] ?? "")) {
  // Pools and sockets the command left behind must not keep a one-shot command alive.
  setTimeout(() => process.exit(code), 50).unref();
}
