// `npx tsx bench/dashboard.ts [--requests 1000000] [--review 50000] [--runs 7]` (services up:
// `npm run services up`). The staff dashboard on a large history (issue 20, "At scale"): a web
// process (real PostgreSQL and Redis) over `requests` requests, `review` of them open review cases;
// times the overview (page and API), the Requests list, the Review page and searches by address
// and by name through the app (inject, signed in). Prints cold (first call) and warm (median of
// the next runs) figures per call; nothing is asserted.
import { parseArgs } from "node:util";
import { startHarness } from "../test/harness/pinmail.js";
import { signIn } from "../test/harness/web-session.js";
import { addStaff } from "../src/staff/staff-accounts.js";
import { seedSql } from "./lib/dashboard-seed.js";

const { values } = parseArgs({
  options: { requests: { type: "string", default: "1000000" }, review: { type: "string", default: "50000" }, runs: { type: "string", default: "7" } },
});
const N = Number(values.requests);
const R = Number(values.review);
const RUNS = Number(values.runs);

const h = await startHarness({ role: "web" });
const out: Array<[string, string]> = [];
try {
  const t0 = performance.now();
  // Oldest first over ~3 years; the last R are open review cases (the newest ones, as in life).
  await h.db.$executeRawUnsafe(seedSql(N, R));
  await h.db.$executeRawUnsafe("ANALYZE inbound_requests");
  out.push(["seed", `${N.toLocaleString("en")} requests (${R.toLocaleString("en")} in review) in ${Math.round((performance.now() - t0) / 1000)} s`]);

  await addStaff(h.db, { email: "bench@support.test", role: "support", password: "bench password 1" });
  const app = h.service.app!;
  const { cookie } = await signIn(app, "bench@support.test", "bench password 1");
  const CALLS: Array<[string, string]> = [
    ["overview page", "/"],
    ["overview API (polled)", "/api/overview"],
    ["overview live figures", "/partials/overview"],
    ["requests list", "/requests"],
    ["requests list, state=review", "/requests?state=review"],
    ["review page", "/review"],
    ["search by address (one person)", `/requests?q=person${N - 123456}%40org`],
    ["search by name (rare: 1 in 10,000)", "/requests?q=Nakamura+Zo%C3%A9"],
    ["search by name (common)", "/requests?q=Santos"],
  ];
  for (const [label, url] of CALLS) {
    const ms: number[] = [];
    let status = 0;
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      const r = await app.inject({ url, headers: { cookie } });
      ms.push(performance.now() - t);
      status = r.statusCode;
    }
    const warm = ms.slice(1).sort((a, b) => a - b);
    out.push([
      label,
      `cold ${Math.round(ms[0]!)} ms, warm median ${Math.round(warm[Math.floor(warm.length / 2)]!)} ms, max ${Math.round(Math.max(...warm))} ms (HTTP ${status})`,
    ]);
  }
} finally {
  await h.stop();
}
const w = Math.max(...out.map(([l]) => l.length));
console.log(`\npinmail dashboard at scale (${new Date().toISOString()}, ${RUNS} calls each)`);
for (const [l, v] of out) console.log(`${l.padEnd(w)}  ${v}`);
