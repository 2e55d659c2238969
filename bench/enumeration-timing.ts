// `npx tsx bench/enumeration-timing.ts [--samples 60]` (after `bash scripts/services.sh up`):
// can a stranger tell from the timing whether an address or a name is on record? Measures, on a
// throw-away database, (1) the decision transaction of a request (verifyRequest: the work between
// the mail's row and its reply in the outbox) for each kind of sender, and (2) the enrollment
// API's failure paths (enroll()). Prints the median and p90 of each path and the difference of
// each median against the reference path. Not a test: it reports figures, it does not judge them.
import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { enroll } from "../src/enroll/enroll.js";
import { makeReference } from "../src/core/reference.js";
import { loadDefaultTemplates } from "../src/reply/load-default-templates.js";
import { createRenderer } from "../src/reply/render.js";
import { importRecords } from "../src/store/import-records.js";
import { createDb, type Db } from "../src/store/prisma.js";
import { validateRecords } from "../src/store/records-file.js";
import { verifyRequest, type VerifyDeps } from "../src/verify/verify-request.js";
import { createTestDb } from "../test/harness/test-db.js";
import { testRecords } from "../test/fixtures/records.js";

const { values: args } = parseArgs({ options: { samples: { type: "string", default: "60" } } });
const SAMPLES = Number(args.samples);
const SECRET = "bench-secret-0123456789abcdef0123456789";

const median = (xs: number[]) => quantile(xs, 0.5);
function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}
const fmt = (ms: number) => `${ms.toFixed(2)} ms`;

function shuffle<T>(xs: T[]): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}

async function timeIt(paths: Record<string, () => Promise<unknown>>): Promise<Record<string, number[]>> {
  const out: Record<string, number[]> = Object.fromEntries(Object.keys(paths).map((k) => [k, []]));
  // Warm-up, then the paths interleaved in random order so drift hits all of them alike.
  for (const f of Object.values(paths)) for (let i = 0; i < 3; i++) await f();
  const order = shuffle(Object.keys(paths).flatMap((k) => Array.from({ length: SAMPLES }, () => k)));
  for (const k of order) {
    const t = process.hrtime.bigint();
    await paths[k]!();
    out[k]!.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return out;
}

function report(title: string, reference: string, times: Record<string, number[]>): void {
  const ref = median(times[reference]!);
  console.log(`\n${title} (${SAMPLES} samples per path; difference = median - median of "${reference}")`);
  for (const [k, xs] of Object.entries(times)) {
    const m = median(xs);
    console.log(
      `  ${k.padEnd(48)} median ${fmt(m).padStart(10)}   p90 ${fmt(quantile(xs, 0.9)).padStart(10)}   difference ${(m - ref >= 0 ? "+" : "") + fmt(m - ref)}`,
    );
  }
}

async function newRequest(db: Db, sender: string, name: { firstName: string; lastName: string } | null): Promise<number> {
  const row = await db.inboundRequest.create({
    data: {
      reference: makeReference(new Date()),
      messageKey: `<${randomBytes(8).toString("hex")}@bench.test>`,
      mailbox: "INBOX",
      uidValidity: 1n,
      uid: 1,
      sender,
      subject: "PIN Reset",
      kind: "reset",
      state: "received",
      parsedFirstName: name?.firstName ?? null,
      parsedLastName: name?.lastName ?? null,
      rawSource: new Uint8Array(0),
      rawSize: 0,
    },
    select: { id: true },
  });
  return row.id;
}

async function main(): Promise<void> {
  const testDb = await createTestDb();
  const db = createDb(testDb.url);
  try {
    const v = validateRecords(testRecords());
    if (!v.ok) throw new Error("records invalid");
    await importRecords(db, v.records);
    const defaults = loadDefaultTemplates();
    const deps: VerifyDeps = {
      db,
      renderer: createRenderer(defaults.partials),
      defaults,
      settings: {
        pinSecret: SECRET,
        pinLength: 8,
        pinTtlDays: 14,
        pinsPerDay: 1_000_000, // measure the paths, not the rate limits
        unknownPerHour: 1_000_000,
        ownDomain: "pinmail.test",
        portalUrl: "https://portal.example.org/sign-in",
        supportAddress: "pinmail@pinmail.test",
      },
    };
    let n = 0;
    const unknown = () => `probe${n++}@unknown-${n % 50}.test`;
    const mail = await timeIt({
      "unknown address, no name": async () => verifyRequest(deps, await newRequest(db, unknown(), null)),
      "unknown address, a stranger's name": async () => verifyRequest(deps, await newRequest(db, unknown(), { firstName: "Nobody", lastName: "Atall" })),
      "unknown address, a registered person's name": async () =>
        verifyRequest(deps, await newRequest(db, unknown(), { firstName: "Maria", lastName: "Santos" })),
      "unknown address, a dormant organization's person": async () =>
        verifyRequest(deps, await newRequest(db, unknown(), { firstName: "Éloïse", lastName: "Dubois-Lévesque" })),
      "address on record, name matches (PIN issued)": async () =>
        verifyRequest(deps, await newRequest(db, "maria.santos@northwind.test", { firstName: "Maria", lastName: "Santos" })),
      "address on record, name differs": async () => verifyRequest(deps, await newRequest(db, "am@northwind.test", { firstName: "Anne", lastName: "Berg" })),
    });
    report("Mail path: decision transaction (verifyRequest)", "unknown address, no name", mail);

    // A real PIN for Anne-Marie, to time "right PIN, wrong name" and "used PIN".
    const settings = { secrets: [SECRET], maxFailuresPerPerson: 1_000_000_000, maxFailuresPerClient: 1_000_000_000, windowMs: 3_600_000 };
    const ip = () => `10.${n % 250}.${n++ % 250}.1`;
    const api = await timeIt({
      "nobody with that name, any PIN": () => enroll(db, settings, { firstName: "Nobody", lastName: "Atall", pin: "12345678", clientIp: ip() }),
      "registered person, wrong PIN": () => enroll(db, settings, { firstName: "Maria", lastName: "Santos", pin: "00000000", clientIp: ip() }),
      "registered person, malformed-looking PIN": () => enroll(db, settings, { firstName: "Maria", lastName: "Santos", pin: "0000", clientIp: ip() }),
      "dormant organization's person, wrong PIN": () =>
        enroll(db, settings, { firstName: "Éloïse", lastName: "Dubois-Lévesque", pin: "11111111", clientIp: ip() }),
    });
    report("Enrollment API failure paths (enroll)", "nobody with that name, any PIN", api);
    const all = Object.values(api).flat().length;
    console.log(`\n  every enrollment call above answered "invalid" (${all} calls); lockouts were set out of reach to time the paths themselves`);
  } finally {
    await db.$disconnect();
    await testDb.drop();
  }
}

await main();
