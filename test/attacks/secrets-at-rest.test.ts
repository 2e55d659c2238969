// After a run that issues 100 PINs, none of them appears in Redis (every key of this queue
// prefix, read by type), in the service's captured logs (debug level), or in clear in any
// column of any table of the database.
import { Writable } from "node:stream";
import pg from "pg";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildMail } from "../harness/mail.js";
import { pinOf, startHarness, type Harness } from "../harness/pinmail.js";
import { loadCaughtMessage, readCaughtMessages } from "../harness/mail-sink.js";

const FIRST = ["Adele", "Basile", "Camille", "Denis", "Elodie", "Fabien", "Gisele", "Henri", "Ines", "Jules"];
const LAST = ["Arsenault", "Bergeron", "Cloutier", "Desjardins", "Fortin", "Gauthier", "Hebert", "Lavoie", "Morin", "Pelletier"];
const people = FIRST.flatMap((f) => LAST.map((l) => ({ firstName: f, lastName: l, email: `${f}.${l}@secrets.test`.toLowerCase() })));

let h: Harness;
const logChunks: Buffer[] = [];
const logStream = new Writable({
  write(chunk: Buffer, _enc, cb) {
    logChunks.push(Buffer.from(chunk));
    cb();
  },
});

beforeAll(async () => {
  const records = {
    organizations: [
      {
        ref: "secrets-org",
        name: "Secrets Inc.",
        branches: [],
        users: [
          { role: "primary", firstName: "Pat", lastName: "Primary", email: "pat@secrets.test", lastSignInAt: new Date().toISOString() },
          ...people.map((p) => ({ role: "secondary", ...p, lastSignInAt: null })),
        ],
      },
    ],
  };
  h = await startHarness({ records, env: { LOG_LEVEL: "trace" }, logStream });
});
afterAll(async () => {
  await h?.stop();
});

async function redisDump(url: string, prefix: string): Promise<{ keys: number; text: string }> {
  const r = new Redis(url);
  const parts: string[] = [];
  let keys = 0;
  try {
    let cursor = "0";
    do {
      const [next, batch] = await r.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 500);
      cursor = next;
      for (const key of batch) {
        keys++;
        const type = await r.type(key);
        parts.push(key);
        if (type === "string") parts.push((await r.getBuffer(key))?.toString("latin1") ?? "");
        else if (type === "hash") parts.push(JSON.stringify(await r.hgetall(key)));
        else if (type === "list") parts.push(JSON.stringify(await r.lrange(key, 0, -1)));
        else if (type === "set") parts.push(JSON.stringify(await r.smembers(key)));
        else if (type === "zset") parts.push(JSON.stringify(await r.zrange(key, "0", "-1", "WITHSCORES")));
        else if (type === "stream") parts.push(JSON.stringify(await r.xrange(key, "-", "+")));
      }
    } while (cursor !== "0");
  } finally {
    r.disconnect();
  }
  return { keys, text: parts.join("\n") };
}

async function databaseDump(url: string): Promise<{ cells: number; text: string }> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const parts: string[] = [];
  let cells = 0;
  try {
    const cols = await c.query<{ table_name: string; column_name: string; data_type: string }>(
      "SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'public'",
    );
    for (const col of cols.rows) {
      const q =
        col.data_type === "bytea"
          ? `SELECT "${col.column_name}" AS v FROM "${col.table_name}"`
          : `SELECT "${col.column_name}"::text AS v FROM "${col.table_name}"`;
      for (const row of (await c.query<{ v: Buffer | string | null }>(q)).rows) {
        if (row.v === null) continue;
        cells++;
        parts.push(Buffer.isBuffer(row.v) ? row.v.toString("latin1") : row.v);
      }
    }
  } finally {
    await c.end();
  }
  return { cells, text: parts.join("\n") };
}

describe("secrets at rest", () => {
  it("after 100 PINs: no PIN in Redis, in the logs, or in clear in the database", async () => {
    const c = await h.imap();
    try {
      for (const p of people) {
        await c.append(
          h.mailbox,
          buildMail({ from: `${p.firstName} ${p.lastName} <${p.email}>`, subject: "PIN Reset", body: `First name: ${p.firstName}\nLast name: ${p.lastName}` })
            .raw,
        );
      }
    } finally {
      await c.logout();
    }
    await h.replies((to) => to[0]!.endsWith("@secrets.test"), { count: 100, timeoutMs: 120_000 });
    // Let the outbox mark everything sent (and wipe the sealed copies) before looking.
    for (let i = 0; i < 100 && (await h.db.outboundMessage.count({ where: { status: "pending" } })) > 0; i++) await new Promise((r) => setTimeout(r, 100));

    const records = (await readCaughtMessages(h.smtp.dir)).filter((r) => r.to[0]!.endsWith("@secrets.test"));
    const pins = (await Promise.all(records.map(async (r) => pinOf(await loadCaughtMessage(h.smtp.dir, r))))).filter((p): p is string => !!p);
    expect(pins.length).toBe(100);
    expect(new Set(pins).size).toBe(100);

    const redis = await redisDump(h.env.REDIS_URL!, h.env.QUEUE_PREFIX!);
    const db = await databaseDump(h.testDb.url);
    const logs = Buffer.concat(logChunks).toString("utf8");
    const inRedis = pins.filter((p) => redis.text.includes(p));
    const inDb = pins.filter((p) => db.text.includes(p));
    const inLogs = pins.filter((p) => logs.includes(p));
    console.log(
      `[secrets] ${pins.length} PINs issued; searched ${redis.keys} Redis keys (${redis.text.length} chars), ` +
        `${db.cells} database cells (${db.text.length} chars), ${logs.split("\n").length} log lines at trace level: ` +
        `hits in Redis ${inRedis.length}, database ${inDb.length}, logs ${inLogs.length}`,
    );
    // The scans really saw the data they searched.
    expect(redis.keys).toBeGreaterThan(0);
    expect(db.text).toContain("@secrets.test");
    expect(logs).toContain('"service":"pinmail"');
    expect(inRedis).toEqual([]);
    expect(inDb).toEqual([]);
    expect(inLogs).toEqual([]);
  }, 180_000);
});
