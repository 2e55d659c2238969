// Issue 12, "Done when": the README's two commands work in a fresh clone inside a private folder
// (a `mktemp -d`, mode 0700, as root's home or a Debian user's home is), while this checkout's
// services are up: `npm install && npm run demo` (with a time limit), then `npm test` on a quick
// subset. Slow (npm install alone is ~35 s), hence in the faults suite.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { stripVTControlCharacters } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, portOpen } from "../../scripts/private-services.js";
import { parseEnvFile } from "../../src/env-files.js";
import { readCaughtMessages } from "../harness/mail-sink.js";
import { serviceEnv } from "../harness/service-env.js";

const ROOT = resolve(fileURLToPath(new URL("../../", import.meta.url)));
/** The sample requests that get a reply (src/cli/demo/sample-requests.ts: 11 sent; the auto-reply, the unrelated mail, the 20-day-old review case and the oversized one get none). */
const DEMO_REPLIES = 7;
const DEMO_LIMIT_MS = 240_000;

/**
 * The environment a newcomer's shell has: none of this checkout's service settings, nor what npm
 * and vitest set for this run (npm_config_local_prefix, VITEST_*); the machine's npm registry,
 * cache and proxy settings stay.
 */
function newcomerEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const keep =
    /^(PATH|HOME|USER|SHELL|LANG|LC_ALL|TERM|TMPDIR|NODE_EXTRA_CA_CERTS|(https?|no)_proxy|npm_config_(registry|cache|userconfig|cafile|strict_ssl|proxy|https_proxy|noproxy))$/i;
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (keep.test(name)) env[name] = value;
  return { ...env, npm_config_loglevel: "error", npm_config_audit: "false", npm_config_fund: "false", ...extra };
}

describe("a fresh clone in a private folder, next to this checkout's running services", () => {
  let parent = "";
  let clone = "";
  let ours: Record<string, string> = {};

  beforeAll(() => {
    ours = serviceEnv();
    parent = realpathSync(mkdtempSync(join(tmpdir(), "pinmail-clone-"))); // services.sh writes physical paths
    expect(statSync(parent).mode & 0o777).toBe(0o700);
    clone = join(parent, "pinmail");
    const r = spawnSync("git", ["clone", "--quiet", ROOT, clone], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
  });

  afterAll(() => {
    if (clone && existsSync(join(clone, "scripts/services.sh"))) {
      spawnSync("bash", ["scripts/services.sh", "wipe"], { cwd: clone, env: newcomerEnv(), stdio: "ignore" });
    }
    if (parent) rmSync(parent, { recursive: true, force: true });
  });

  it("npm install && npm run demo: the clone's own services, every sample answered, nothing in this checkout's catcher", async () => {
    const webPort = await freePort(); // a demo may already run on 3000 in another checkout
    const child = spawn("bash", ["-c", "npm install && exec npm run demo"], {
      cwd: clone,
      env: newcomerEnv({ WEB_PORT: String(webPort) }),
      detached: true, // its own process group: Ctrl-C (SIGINT) reaches npm, tsx and pinmail alike
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((res) => child.once("exit", (code) => res(code)));
    const replies = () => out.split("\n").filter((l) => l.startsWith("reply → "));
    const deadline = Date.now() + DEMO_LIMIT_MS;
    let exitCode: number | null | undefined;
    void exited.then((c) => (exitCode = c));
    while (replies().length < DEMO_REPLIES && exitCode === undefined && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
    }
    const stillRunning = exitCode === undefined;
    if (stillRunning) process.kill(-child.pid!, "SIGINT");
    const stop = setTimeout(() => process.kill(-child.pid!, "SIGKILL"), 20_000);
    await exited;
    clearTimeout(stop);

    expect(stillRunning, `the demo ended early:\n${out}`).toBe(true);
    expect(replies().length, out).toBeGreaterThanOrEqual(DEMO_REPLIES);
    expect(out).toMatch(/^reply → maria\.santos@northwind\.example /m);
    expect(out).not.toMatch(/cannot reach|EADDRINUSE/);

    // The clone's services: its own ports below the ephemeral range, its own catcher store.
    const theirs = parseEnvFile(readFileSync(join(clone, ".services/env"), "utf8"));
    expect(theirs.SMTP_CATCHER_DIR).toBe(join(clone, ".services/smtp"));
    for (const name of ["IMAP_PORT", "LMTP_PORT"] as const) {
      expect(theirs[name]).not.toBe(ours[name]);
      expect(Number(theirs[name])).toBeLessThan(32768);
    }
    expect(theirs.SMTP_URL).not.toBe(ours.SMTP_URL);
    expect(`${theirs.DATABASE_URL}`).not.toBe(ours.DATABASE_URL);
    expect(theirs.QUEUE_PREFIX).not.toBe(ours.QUEUE_PREFIX);
    const caught = await readCaughtMessages(theirs.SMTP_CATCHER_DIR!);
    expect(caught.length).toBeGreaterThanOrEqual(DEMO_REPLIES);
    const ids = new Set(caught.map((m) => m.messageId));
    expect((await readCaughtMessages(ours.SMTP_CATCHER_DIR!)).filter((m) => ids.has(m.messageId))).toEqual([]);
    // This checkout's services are still up and unchanged.
    expect(serviceEnv()).toEqual(ours);
    expect(await portOpen(Number(ours.IMAP_PORT))).toBe(true);
    expect(await portOpen(Number(new URL(ours.SMTP_URL!).port))).toBe(true);
  });

  it("npm test (a quick subset) passes in the clone", () => {
    const r = spawnSync("npm", ["test", "--", "test/integration/services.test.ts", "test/unit/config"], {
      cwd: clone,
      env: newcomerEnv(),
      encoding: "utf8",
      timeout: 240_000,
    });
    const out = stripVTControlCharacters(`${r.stdout}${r.stderr}`); // without colours
    expect(out).toMatch(/Test Files\s+\d+ passed \(\d+\)/);
    expect(out).not.toMatch(/\d+ failed/);
    expect(r.status, out).toBe(0);
    // and this checkout's services are still the ones in its .services/env
    expect(serviceEnv()).toEqual(ours);
  });
});
