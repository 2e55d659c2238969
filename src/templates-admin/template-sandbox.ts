// Validation and rendering of admin-written templates in a worker thread with a time limit. Liquid
// renders synchronously and a hostile template (nested loops under the render limits) kept the web
// process busy for about 5 s per preview; here the web process only waits on a message, and a job
// that outlives the limit has its thread terminated (issue 13.13). Jobs run one at a time, so one
// hostile preview costs other previews at most the limit, and the dashboard nothing.
import { createRequire } from "node:module";
import { extname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { RenderedReply } from "../reply/render.js";
import type { TemplateName } from "../reply/template-catalog.js";
import type { TemplateSource } from "../reply/template-file.js";
import type { LinkPolicy, TemplateError, ValidationResult } from "../reply/validate-template.js";
import { problemMessage, templateProblem } from "../reply/template-problem.js";
import type { SandboxAnswer, SandboxJob } from "./template-worker.js";

export const DEFAULT_TEMPLATE_TIME_LIMIT_MS = 3000;

export type SandboxRender = { ok: true; rendered: RenderedReply } | { ok: false; error: TemplateError };

type JobInput = SandboxJob extends infer J ? (J extends { id: number } ? Omit<J, "id"> : never) : never;

const HERE = fileURLToPath(import.meta.url);
/** The worker module next to this one: .ts under tsx and in tests, .js once built into dist/. */
const WORKER_FILE = new URL(`./template-worker${extname(HERE)}`, import.meta.url).href;

/** Under tsx a worker thread starts without its TypeScript loader; the worker registers it first. */
const BOOT = `
const { workerData } = require("node:worker_threads");
(async () => {
  if (workerData.tsxApi) (await import(workerData.tsxApi)).register();
  await import(workerData.file);
})().catch((error) => { console.error(error); process.exit(1); });
`;

export class TemplateTimeout extends Error {
  override name = "TemplateTimeout";
}

/** Starting a worker (and, under tsx, compiling its modules) is not the template's time. */
const BOOT_LIMIT_MS = 60_000;

export class TemplateSandbox {
  private worker: Promise<Worker> | null = null;
  private nextId = 1;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(readonly timeoutMs: number = DEFAULT_TEMPLATE_TIME_LIMIT_MS) {}

  /** validateTemplate, in the worker; a template that takes too long is refused with words saying so. */
  async validate(name: TemplateName, source: TemplateSource, partials: Readonly<Record<string, string>>, links: LinkPolicy = {}): Promise<ValidationResult> {
    try {
      return (await this.run({ kind: "validate", name, source, partials: { ...partials }, links })) as ValidationResult;
    } catch (error) {
      if (error instanceof TemplateTimeout) return { ok: false, errors: [this.timeoutError()] };
      throw error;
    }
  }

  /** The outbox renderer's render(), in the worker. */
  async render(source: TemplateSource, vars: Readonly<Record<string, unknown>>, partials: Readonly<Record<string, string>>): Promise<SandboxRender> {
    try {
      return { ok: true, rendered: (await this.run({ kind: "render", source, vars: { ...vars }, partials: { ...partials } })) as RenderedReply };
    } catch (error) {
      if (error instanceof TemplateTimeout) return { ok: false, error: this.timeoutError() };
      if (error instanceof SandboxRenderError) return { ok: false, error: error.detail };
      throw error;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const w = this.worker;
    this.worker = null;
    if (w) await (await w.catch(() => null))?.terminate();
  }

  private timeoutError(): TemplateError {
    const seconds = Math.round(this.timeoutMs / 100) / 10;
    const problem = templateProblem("check-timeout", { seconds });
    return { part: "html", line: 1, column: 1, message: problemMessage(problem), problem };
  }

  private run(job: JobInput): Promise<unknown> {
    const next = this.queue.then(() => this.runNow(job));
    // The queue continues after a failure; the caller still sees it.
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async runNow(job: JobInput): Promise<unknown> {
    if (this.closed) throw new Error("the template sandbox is closed");
    const worker = await this.ensureWorker();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        worker.off("message", onMessage);
        worker.off("error", onError);
        worker.off("exit", onExit);
      };
      const onMessage = (answer: SandboxAnswer) => {
        if (answer.id !== id) return;
        done();
        if (answer.ok) resolve(answer.result);
        else if (answer.renderError) reject(new SandboxRenderError(answer.renderError));
        else reject(new Error(answer.message));
      };
      const onError = (error: Error) => {
        done();
        this.drop(worker);
        reject(error);
      };
      const onExit = (code: number) => {
        done();
        this.drop(worker);
        reject(new Error(`the template worker stopped (exit code ${code})`));
      };
      const timer = setTimeout(() => {
        done();
        // The only way to stop a synchronous render: end the thread; the next job gets a new one.
        this.drop(worker);
        void worker.terminate();
        reject(new TemplateTimeout(`template job took longer than ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      worker.on("message", onMessage);
      worker.on("error", onError);
      worker.on("exit", onExit);
      worker.postMessage({ ...job, id } as SandboxJob);
    });
  }

  private drop(worker: Worker): void {
    if (this.current === worker) {
      this.current = null;
      this.worker = null;
    }
  }

  private current: Worker | null = null;

  private ensureWorker(): Promise<Worker> {
    if (this.worker) return this.worker;
    // tsx's ESM API (its CommonJS twin resolves its own files wrongly from an eval'd worker).
    const tsxApi = WORKER_FILE.endsWith(".ts")
      ? pathToFileURL(
          createRequire(import.meta.url)
            .resolve("tsx/esm/api")
            .replace(/\.cjs$/, ".mjs"),
        ).href
      : null;
    const worker = new Worker(BOOT, {
      eval: true,
      workerData: { file: WORKER_FILE, tsxApi },
      // Liquid's own memoryLimit bounds a render's allocations; this bounds the thread as a whole.
      resourceLimits: { maxOldGenerationSizeMb: 256 },
    });
    // An idle worker must not keep the process alive at shutdown.
    worker.unref();
    this.current = worker;
    const ready = new Promise<Worker>((resolve, reject) => {
      const fail = (error: Error) => {
        clearTimeout(timer);
        worker.off("message", onReady);
        worker.off("exit", onExit);
        this.drop(worker);
        void worker.terminate();
        reject(error);
      };
      const onReady = (m: unknown) => {
        if ((m as { ready?: boolean } | null)?.ready !== true) return;
        clearTimeout(timer);
        worker.off("message", onReady);
        worker.off("error", fail);
        worker.off("exit", onExit);
        resolve(worker);
      };
      const onExit = (code: number) => fail(new Error(`the template worker stopped while starting (exit code ${code})`));
      const timer = setTimeout(() => fail(new Error(`the template worker did not start within ${BOOT_LIMIT_MS / 1000} s`)), BOOT_LIMIT_MS);
      worker.on("message", onReady);
      worker.once("error", fail);
      worker.once("exit", onExit);
    });
    this.worker = ready;
    return ready;
  }
}

class SandboxRenderError extends Error {
  constructor(readonly detail: TemplateError) {
    super(detail.message);
  }
}
