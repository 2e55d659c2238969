// The deployable artefacts are checked by the tools that read them: systemd's own verifier for
// deploy/systemd/, Debian's docker-compose for the compose file's "app" profile, and the
// Dockerfile's runtime stage against what test/faults/production-install.test.ts builds and runs.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const UNITS = join(ROOT, "deploy/systemd");

function verify(dir: string, units: string[]) {
  const r = spawnSync("systemd-analyze", ["verify", ...units.map((u) => join(dir, u))], { encoding: "utf8", cwd: dir, timeout: 60_000 });
  // systemd-analyze exits 0 on many problems (unknown keys, bad values): its output is the verdict.
  return { code: r.status, out: `${r.stdout}${r.stderr}`.trim() };
}

describe("systemd units (deploy/systemd)", () => {
  const files = readdirSync(UNITS);

  it("has a migrate unit, a web unit, a templated worker unit and a target", () => {
    expect(files.sort()).toEqual(["pinmail-migrate.service", "pinmail-web.service", "pinmail-worker@.service", "pinmail.target"]);
  });

  it("passes systemd-analyze verify without a warning (two worker instances)", () => {
    const dir = mkdtempSync(join(tmpdir(), "pinmail-units-"));
    cpSync(UNITS, dir, { recursive: true });
    const r = verify(dir, ["pinmail-migrate.service", "pinmail-web.service", "pinmail-worker@1.service", "pinmail-worker@2.service", "pinmail.target"]);
    expect(r.out).toBe("");
    expect(r.code).toBe(0);
  });

  it("the check sees a broken unit (the verifier's output is read, not just its exit code)", () => {
    const dir = mkdtempSync(join(tmpdir(), "pinmail-units-bad-"));
    cpSync(UNITS, dir, { recursive: true });
    const worker = join(dir, "pinmail-worker@.service");
    writeFileSync(worker, readFileSync(worker, "utf8").replace("ProtectSystem=strict", "ProtectSystem=stricter"));
    const r = verify(dir, ["pinmail-worker@1.service"]);
    expect(r.out).toMatch(/ProtectSystem|stricter/);
  });

  it("every service runs the compiled build unprivileged and hardened", () => {
    for (const f of files.filter((f) => f.endsWith(".service"))) {
      const text = readFileSync(join(UNITS, f), "utf8");
      for (const line of [
        "DynamicUser=yes",
        "NoNewPrivileges=yes",
        "ProtectSystem=strict",
        "ProtectHome=yes",
        "PrivateTmp=yes",
        "CapabilityBoundingSet=",
        "Environment=NODE_ENV=production",
      ]) {
        expect(text.split("\n"), `${f}: ${line}`).toContain(line);
      }
      expect(text).toMatch(/^ExecStart=\/usr\/bin\/node \/opt\/pinmail\/bin\/pinmail\.js (migrate|web|worker)$/m);
    }
    const worker = readFileSync(join(UNITS, "pinmail-worker@.service"), "utf8");
    expect(worker).toMatch(/^Environment=HEALTH_PORT=946%i$/m);
    // Issue 17: pinmail sizes V8's heap itself (src/runtime/heap.ts); no unit needs a heap flag.
    for (const f of readdirSync(UNITS)) expect(readFileSync(join(UNITS, f), "utf8"), f).not.toMatch(/max-old-space-size|^Environment=NODE_OPTIONS/m);
    expect(worker).toMatch(/^MemoryMax=\d+M$/m);
    expect(worker).toMatch(/^KillSignal=SIGTERM$/m);
    expect(worker).toMatch(/^Requires=pinmail-migrate\.service$/m);
  });
});

/** The service blocks of `docker-compose config` output (two-space indented names under `services:`). */
function serviceBlocks(normalised: string): Map<string, string> {
  const services = normalised.split(/^services:\n/m)[1]?.split(/^\S/m)[0] ?? "";
  const blocks = new Map<string, string>();
  for (const part of services.split(/^(?= {2}[A-Za-z0-9_-]+:$)/m)) {
    const name = /^ {2}([A-Za-z0-9_-]+):$/m.exec(part)?.[1];
    if (name) blocks.set(name, part);
  }
  return blocks;
}

describe("docker-compose.yml profile app", () => {
  it("runs migrate once, then two workers and one web from the image (docker-compose config)", () => {
    const which = spawnSync("sh", ["-c", "command -v docker-compose"], { encoding: "utf8" });
    if (which.status !== 0) {
      // No docker-compose here (apt-get install docker-compose): the file as written, less strictly.
      const text = readFileSync(join(ROOT, "docker-compose.yml"), "utf8");
      console.log("[deploy] docker-compose is not installed: checked the file's text only");
      for (const name of ["migrate", "worker-1", "worker-2", "web"]) expect(text).toMatch(new RegExp(`^  ${name}:`, "m"));
      expect(text).toMatch(/condition: service_completed_successfully/);
      return;
    }
    const r = spawnSync("docker-compose", ["-f", join(ROOT, "docker-compose.yml"), "--profile", "app", "config"], {
      encoding: "utf8",
      cwd: ROOT,
      env: { PATH: process.env["PATH"] ?? "" },
      timeout: 60_000,
    });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    console.log("[deploy] checked with Debian's docker-compose config");
    const s = serviceBlocks(r.stdout);
    expect([...s.keys()].sort()).toEqual(["dovecot", "mailpit", "migrate", "postgres", "redis", "web", "worker-1", "worker-2"]);
    expect(s.get("migrate")).toMatch(/^ {4}command:\n {4}- migrate$/m);
    expect(s.get("migrate")).toMatch(/^ {4}restart: "no"$/m);
    expect(s.get("migrate")).toMatch(/^ {4}build:$/m);
    for (const [name, command] of [
      ["worker-1", "worker"],
      ["worker-2", "worker"],
      ["web", "web"],
    ] as const) {
      const block = s.get(name)!;
      expect(block, name).toMatch(new RegExp(`^ {4}command:\\n {4}- ${command}$`, "m"));
      expect(block, name).toMatch(/^ {4}image: pinmail:local$/m);
      expect(block, name).toMatch(/^ {6}migrate:\n {8}condition: service_completed_successfully$/m);
      expect(block, name).toMatch(/^ {4}profiles:\n {4}- app$/m);
    }
    // The development services stay usable without the profile.
    for (const name of ["postgres", "redis", "dovecot", "mailpit"]) expect(s.get(name), name).not.toMatch(/profiles:/);
  });
});

describe("Dockerfile", () => {
  const text = readFileSync(join(ROOT, "Dockerfile"), "utf8");
  const stages = text.split(/^FROM /m).slice(1);
  const runtime = stages[stages.length - 1]!;

  it("builds in one stage and runs a slim Node 20 with production dependencies only, as a non-root user", () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(runtime).toMatch(/^node:20-[a-z]+-slim\b/);
    expect(text).toMatch(/RUN npm run build/);
    // The same install as the production-install test.
    expect(text).toContain("npm ci --omit=dev --omit=optional --ignore-scripts");
    expect(readFileSync(join(ROOT, "test/faults/production-install.test.ts"), "utf8")).toContain('"--omit=dev", "--omit=optional", "--ignore-scripts"');
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).not.toMatch(/COPY[^\n]* src\b/);
    for (const path of ["./dist", "bin", "templates", "prisma/migrations", "package.json"])
      expect(runtime, path).toMatch(new RegExp(`^COPY .*${path.replace(".", "\\.")}`, "m"));
  });

  it("checks /healthz and runs `pinmail start` unless told another command", () => {
    expect(runtime).toMatch(/^HEALTHCHECK [\s\S]*\/healthz/m);
    expect(runtime).toMatch(/^ENTRYPOINT \["node", "\/app\/bin\/pinmail\.js"\]$/m);
    expect(runtime).toMatch(/^CMD \["start"\]$/m);
    expect(runtime).toMatch(/NODE_ENV=production/);
    expect(runtime).toMatch(/HEALTH_PORT=9464/);
    // Issue 17: the defaults keep a worker under 300 MB; no heap flag to remember.
    expect(runtime).not.toMatch(/max-old-space-size|NODE_OPTIONS=/);
  });

  it(".dockerignore keeps secrets and local state out of the build context", () => {
    const ignore = readFileSync(join(ROOT, ".dockerignore"), "utf8").split("\n");
    for (const p of [".env", ".git", ".services", "node_modules", "dist"]) expect(ignore).toContain(p);
  });
});
