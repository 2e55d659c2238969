// deploy/prometheus/alerts.yml is valid (`promtool check rules`) and does what its unit tests say
// (`promtool test rules`). promtool comes from Debian's `prometheus` package, installed by
// scripts/promtool.sh when missing, so this test never has to be skipped.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

let promtool: string;
const dir = join(process.cwd(), "deploy/prometheus");

beforeAll(() => {
  promtool = execFileSync("bash", ["scripts/promtool.sh"], { encoding: "utf8", timeout: 300_000 }).trim().split("\n").at(-1)!;
}, 310_000);

const run = (...args: string[]) => spawnSync(promtool, args, { encoding: "utf8", cwd: dir });

describe("Prometheus rules", () => {
  it("promtool check rules accepts alerts.yml", () => {
    const r = run("check", "rules", "alerts.yml");
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/SUCCESS: 5 rules found/);
  });

  it("promtool test rules passes alerts.test.yml", () => {
    const r = run("test", "rules", "alerts.test.yml");
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/SUCCESS/);
  });

  it("the unit tests catch a rule that no longer fires on time (15 min threshold raised)", () => {
    const copy = mkdtempSync(join(tmpdir(), "pinmail-rules-"));
    cpSync(dir, copy, { recursive: true });
    const rules = readFileSync(join(copy, "alerts.yml"), "utf8");
    expect(rules).toContain("max(pinmail_oldest_waiting_request_seconds) > 900");
    writeFileSync(
      join(copy, "alerts.yml"),
      rules.replace("max(pinmail_oldest_waiting_request_seconds) > 900", "max(pinmail_oldest_waiting_request_seconds) > 1800"),
    );
    const r = spawnSync(promtool, ["test", "rules", "alerts.test.yml"], { encoding: "utf8", cwd: copy });
    expect(r.status).not.toBe(0);
    expect(r.stdout + r.stderr).toMatch(/PinmailRequestsWaiting/);
  });
});
