// SMTP_RATE_PER_MINUTE in the running service (issue 17): a reply takes its slot in the window
// every process shares (<QUEUE_PREFIX>:smtp-rate in Redis), which holds send times and slot ids
// only, never the recipient or the PIN; the rate is shared, not per process.
import { Redis } from "ioredis";
import { afterAll, beforeAll, expect, it } from "vitest";
import { buildMail } from "../harness/mail.js";
import { pinOf, startHarness, type Harness } from "../harness/pinmail.js";
import { testRecords } from "../fixtures/records.js";

let h: Harness;
let redis: Redis;
beforeAll(async () => {
  h = await startHarness({ records: testRecords(), env: { SMTP_RATE_PER_MINUTE: "5" } });
  redis = new Redis(h.env["REDIS_URL"]!);
});
afterAll(async () => {
  await redis?.quit();
  await h?.stop();
});

it("a reply is sent through the shared window, which keeps no message data", async () => {
  const mail = buildMail({ from: "maria.santos@northwind.test", subject: "PIN Reset", body: "First name: Maria\nLast name: Santos" });
  await h.append(mail.raw);
  const [reply] = await h.replies((to) => to.includes("maria.santos@northwind.test"));
  const pin = pinOf(reply!);
  expect(pin).toMatch(/^\d{8}$/);
  const key = `${h.env["QUEUE_PREFIX"]}:smtp-rate`;
  const slots = await redis.zrange(key, "0", "-1", "WITHSCORES");
  expect(slots).toHaveLength(2);
  expect(slots[0]).toMatch(/^[0-9a-f]{12}-\d+$/);
  expect(Math.abs(Number(slots[1]) - Date.now())).toBeLessThan(60_000);
  expect(JSON.stringify(slots)).not.toContain(pin!);
  expect(JSON.stringify(slots)).not.toContain("maria");
  expect(await redis.pttl(key)).toBeGreaterThan(0);
  expect(await h.service.metrics.registry.getSingleMetricAsString("pinmail_smtp_rate_local")).toMatch(/^pinmail_smtp_rate_local 0$/m);
});
