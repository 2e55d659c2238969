import { describe, expect, it } from "vitest";
import { batches } from "../../../src/ingest/mailbox-reader.js";

const MB = 1024 * 1024;

describe("sweep batches", () => {
  it("caps a batch at 200 messages", () => {
    const b = batches(
      Array.from({ length: 450 }, () => ({ size: 1000 })),
      25 * MB,
    );
    expect(b.map((x) => x.length)).toEqual([200, 200, 50]);
  });
  it("caps a batch by the bytes it holds, oversized messages counting as headers only", () => {
    const b = batches([{ size: 20 * MB }, { size: 20 * MB }, { size: 20 * MB }, { size: 20 * MB }, { size: 90 * MB }, { size: 1 }], 25 * MB);
    expect(b.map((x) => x.length)).toEqual([3, 3]);
  });
  it("keeps a single message larger than the cap in a batch of its own", () => {
    expect(batches([{ size: 100 * MB }], 200 * MB).map((x) => x.length)).toEqual([1]);
  });
});
