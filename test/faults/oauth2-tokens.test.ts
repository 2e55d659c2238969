// OAuth2 tokens under churn and outage (issue 16), with real servers only: a local identity
// server issuing 3-second tokens, a private Dovecot checking each token at sign-in (oauth2
// passdb) and kicked every few seconds so pinmail must sign in again, and an XOAUTH2-only SMTP
// receiver that closes idle connections and keeps Sent copies. Then the identity server refuses
// the client for longer than SMTP_RETRY_ATTEMPTS would last: readyz names mailbox-auth, the log
// says why once, and when it accepts again every waiting reply goes out, none lost, none twice.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildMail } from "../harness/mail.js";
import { readCaughtMessages } from "../harness/mail-sink.js";
import { collectLogLines, type OAuthRig, startOAuthRig } from "../harness/oauth-rig.js";
import { startHarness, type Harness } from "../harness/pinmail.js";

const USER = "test-churn";
const FIRST = ["Ada", "Bela", "Cyril", "Dora", "Emil", "Flora"];
const LAST = ["Roy", "Caron", "Poirier", "Leclerc", "Girard"];
const people = FIRST.flatMap((f) => LAST.map((l) => ({ firstName: f, lastName: l, email: `${f}.${l}@oauth-churn.test`.toLowerCase() })));

let rig: OAuthRig;
let h: Harness;
const log: string[] = [];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const readyz = async () => (await (await fetch(`${h.url}/readyz`)).json()) as { ready: boolean; failing: string[] };

const imap = () => rig.imap();

async function until(what: string, probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(200);
  }
}

async function request(p: (typeof people)[number]): Promise<void> {
  await h.append(
    buildMail({ from: `${p.firstName} ${p.lastName} <${p.email}>`, subject: "PIN Reset", body: `First name: ${p.firstName}\nLast name: ${p.lastName}` }).raw,
  );
}

const repliesPer = async () => {
  const counts = new Map<string, number>();
  for (const r of await readCaughtMessages(rig.smtp.dir)) for (const to of r.to) counts.set(to, (counts.get(to) ?? 0) + 1);
  return counts;
};

beforeAll(async () => {
  rig = await startOAuthRig({
    user: USER,
    clientId: "pinmail-churn",
    tokenTtlSeconds: 3,
    smtpDirPrefix: "pinmail-churn-",
    socketTimeoutMs: 1000,
    ignoreImapErrors: true,
  });
  const records = {
    organizations: [
      {
        ref: "churn",
        name: "Token Churn Ltd.",
        branches: [],
        users: [
          { role: "primary", firstName: "Pia", lastName: "Primary", email: "pia@oauth-churn.test", lastSignInAt: new Date().toISOString() },
          ...people.map((p) => ({ role: "secondary", ...p, lastSignInAt: null })),
        ],
      },
    ],
  };
  h = await startHarness({
    records,
    logStream: collectLogLines(log),
    env: {
      LOG_LEVEL: "info",
      ...rig.env(),
      IMAP_PASSWORD: "test", // the harness's own set-up session; pinmail signs in with tokens
      // Few attempts on purpose: an authentication outage must not use them up.
      SMTP_RETRY_ATTEMPTS: "3",
      SMTP_RETRY_BASE_MS: "250",
    },
  });
});

afterAll(async () => {
  await h?.stop();
  await rig?.stop();
});

describe("OAuth2 tokens expiring every 3 s", () => {
  it("over a minute of forced new sign-ins, every request is answered once and every Sent copy removed", async () => {
    const issuedBefore = rig.idp.counts.issued;
    const reconnectsBefore = h.service.reader!.status.reconnects;
    const asked = people.slice(0, 20);
    const started = Date.now();
    for (let i = 0; i < asked.length; i++) {
      await request(asked[i]!);
      await sleep(1500);
      // Dovecot checks a token only at sign-in: kick the session so the next one needs a fresh token.
      if (i % 2 === 1) rig.dovecot.kick(USER);
      await sleep(1500);
    }
    expect(Date.now() - started).toBeGreaterThanOrEqual(60_000);
    await until("20 replies", async () => (await repliesPer()).size >= asked.length, 60_000);
    const per = await repliesPer();
    for (const p of asked) expect(per.get(p.email), p.email).toBe(1);
    console.log(
      `[oauth2-tokens] ${asked.length} requests over ${Math.round((Date.now() - started) / 1000)} s: ${rig.idp.counts.issued - issuedBefore} tokens issued, ` +
        `${rig.idp.counts.introspected} sign-ins checked by introspection, ${h.service.reader!.status.reconnects - reconnectsBefore} reader reconnects, ` +
        `${rig.smtp.counts.authOk} SMTP sign-ins, ${rig.sentCopies} Sent copies made`,
    );
    // Tokens were renewed many times (a 3-s token cannot cover a minute) and the reader signed in again after kicks.
    expect(rig.idp.counts.issued - issuedBefore).toBeGreaterThanOrEqual(15);
    expect(h.service.reader!.status.reconnects - reconnectsBefore).toBeGreaterThanOrEqual(8);
    // Each PIN reply's copy reached Sent and was deleted again.
    expect(rig.sentCopies).toBe(asked.length);
    await until(
      "Sent to be empty",
      async () => {
        const c = await imap();
        try {
          const st = await c.status("Sent", { messages: true });
          return st !== false && st.messages === 0;
        } finally {
          await c.logout();
        }
      },
      60_000,
    );
    expect(await readyz()).toEqual({ ready: true, failing: [] });
  }, 240_000);

  it("identity server refusing: readyz mailbox-auth, one log line, replies wait beyond SMTP_RETRY_ATTEMPTS and go out once after", async () => {
    const waiting = people.slice(20, 23);
    // First the SMTP server refuses (tokens fine): the requests are read and their replies wait.
    rig.smtp.refusing = true;
    for (const p of waiting) await request(p);
    await until(
      "three waiting replies",
      async () => (await h.db.outboundMessage.count({ where: { toAddress: { in: waiting.map((p) => p.email) }, status: { not: "sent" } } })) === 3,
      30_000,
    );
    await until("readyz mailbox-auth (SMTP)", async () => (await readyz()).failing.includes("mailbox-auth"), 20_000);

    // Then the identity server refuses the client too, and the reader must sign in again.
    rig.idp.refusing = true;
    await sleep(3500); // the cached token expires before SMTP would take it again
    rig.smtp.refusing = false;
    rig.dovecot.kick(USER);
    await until("the token failure", async () => log.some((l) => l.includes('"side":"token"')), 20_000);
    // Much longer than 3 attempts at 250/500/1000 ms would last.
    await sleep(10_000);
    expect((await readyz()).failing).toEqual(["mailbox-auth"]);
    const tokenLines = log.filter((l) => l.includes('"side":"token"'));
    expect(tokenLines).toHaveLength(1);
    expect(JSON.parse(tokenLines[0]!)).toMatchObject({ level: 50, reason: "invalid_client" });
    expect(JSON.parse(tokenLines[0]!).msg).toMatch(/^token endpoint answered invalid_client .*check OAUTH_CLIENT_ID and OAUTH_CLIENT_SECRET$/);
    const per = await repliesPer();
    for (const p of waiting) expect(per.get(p.email) ?? 0).toBe(0);
    const rows = await h.db.outboundMessage.findMany({ where: { toAddress: { in: waiting.map((p) => p.email) } }, select: { status: true } });
    expect(rows.map((r) => r.status).filter((s) => s === "failed" || s === "undeliverable")).toEqual([]);

    rig.idp.refusing = false;
    await until(
      "the waiting replies",
      async () => {
        const now = await repliesPer();
        return waiting.every((p) => now.get(p.email) === 1);
      },
      90_000,
    );
    await until("readyz to recover", async () => (await readyz()).ready, 30_000);
    await sleep(3000);
    const after = await repliesPer();
    for (const p of [...people.slice(0, 23)]) expect(after.get(p.email), p.email).toBe(1);
    const states = await h.db.inboundRequest.groupBy({ by: ["state"], _count: true, where: { sender: { endsWith: "@oauth-churn.test" } } });
    expect(states).toEqual([{ state: "answered", _count: 23 }]);
  }, 240_000);
});
