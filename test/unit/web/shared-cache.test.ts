// Figures shared by all viewers for a few seconds (issue 20): one computation per period,
// concurrent callers share it, a failure is not kept.
import { expect, it } from "vitest";
import { SharedCache } from "../../../src/web/support/shared-cache.js";

it("computes once per period and shares the result, also between concurrent callers", async () => {
  let now = 0;
  let calls = 0;
  const cache = new SharedCache(() => now);
  const compute = async () => ++calls;
  const [a, b] = await Promise.all([cache.get("k", 5000, compute), cache.get("k", 5000, compute)]);
  expect([a, b, calls]).toEqual([1, 1, 1]);
  now = 4999;
  expect(await cache.get("k", 5000, compute)).toBe(1);
  now = 5000;
  expect(await cache.get("k", 5000, compute)).toBe(2);
  expect(await cache.get("other", 5000, compute)).toBe(3);
});

it("does not keep a failure", async () => {
  const cache = new SharedCache(() => 0);
  await expect(cache.get("k", 5000, () => Promise.reject(new Error("db down")))).rejects.toThrow("db down");
  await new Promise((r) => setTimeout(r, 0));
  expect(await cache.get("k", 5000, async () => 7)).toBe(7);
});
