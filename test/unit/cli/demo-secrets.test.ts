// The demo makes its secrets once and keeps them (issue 13.6): a second run must not change
// PIN_SECRET, or the PINs it already issued would stop working.
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadDemoSecrets } from "../../../src/cli/demo/demo-secrets.js";
import { loadConfig } from "../../../src/config.js";
import { secretProblem } from "../../../src/core/secret-strength.js";

const fresh = () => join(mkdtempSync(join(tmpdir(), "pinmail-demo-secrets-")), "sub", "demo-secrets.env");

describe("demo secrets", () => {
  it("are made once, strong, private to the owner, and reused", () => {
    const file = fresh();
    const first = loadDemoSecrets(file);
    expect(secretProblem(first.PIN_SECRET)).toBeNull();
    expect(secretProblem(first.ENROLLMENT_API_TOKEN)).toBeNull();
    expect(first.PIN_SECRET).not.toBe(first.ENROLLMENT_API_TOKEN);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadDemoSecrets(file)).toEqual(first);
    // config accepts them as they are
    expect(loadConfig(["pin"], { PIN_SECRET: first.PIN_SECRET }).PIN_SECRET).toBe(first.PIN_SECRET);
  });
  it("replaces only a missing or weak value and keeps the other", () => {
    const file = fresh();
    const first = loadDemoSecrets(file);
    writeFileSync(file, `PIN_SECRET=${first.PIN_SECRET}\nENROLLMENT_API_TOKEN=demo-enrollment-token\n`);
    const second = loadDemoSecrets(file);
    expect(second.PIN_SECRET).toBe(first.PIN_SECRET);
    expect(second.ENROLLMENT_API_TOKEN).not.toBe("demo-enrollment-token");
    expect(secretProblem(second.ENROLLMENT_API_TOKEN)).toBeNull();
    expect(readFileSync(file, "utf8")).toContain(`ENROLLMENT_API_TOKEN=${second.ENROLLMENT_API_TOKEN}\n`);
  });
});

describe(".env.example", () => {
  it("ships secrets that config refuses, so a copied example cannot run as is", () => {
    const text = readFileSync(new URL("../../../.env.example", import.meta.url), "utf8");
    for (const name of ["PIN_SECRET", "ENROLLMENT_API_TOKEN"]) {
      const value = new RegExp(`^${name}=(.*)$`, "m").exec(text)?.[1];
      expect(value, name).toBeDefined();
      expect(secretProblem(value!), name).toMatch(/placeholder/);
    }
  });
});
