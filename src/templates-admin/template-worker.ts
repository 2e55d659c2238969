// The worker thread behind TemplateSandbox: validates and renders admin-written templates away
// from the web process's event loop, so a hostile template costs its own thread's time (until the
// sandbox stops it), never the dashboard's or the API's (issue 13.13).
import { parentPort } from "node:worker_threads";
import { createRenderer, TemplateRenderError } from "../reply/render.js";
import type { TemplateSource } from "../reply/template-file.js";
import type { TemplateName } from "../reply/template-catalog.js";
import { templateProblem } from "../reply/template-problem.js";
import { validateTemplate, type LinkPolicy, type TemplateError } from "../reply/validate-template.js";

export type SandboxJob =
  | { id: number; kind: "validate"; name: TemplateName; source: TemplateSource; partials: Record<string, string>; links: LinkPolicy }
  | { id: number; kind: "render"; source: TemplateSource; vars: Record<string, unknown>; partials: Record<string, string> };

export type SandboxAnswer = { id: number; ok: true; result: unknown } | { id: number; ok: false; renderError?: TemplateError; message: string };

const port = parentPort;
if (!port) throw new Error("template-worker runs only as a worker thread (see template-sandbox.ts)");

port.on("message", (job: SandboxJob) => {
  void run(job).then((answer) => port.postMessage(answer));
});
// Loaded and listening: the sandbox starts a job's clock only now, so start-up is not counted.
port.postMessage({ ready: true });

async function run(job: SandboxJob): Promise<SandboxAnswer> {
  try {
    if (job.kind === "validate") return { id: job.id, ok: true, result: await validateTemplate(job.name, job.source, job.partials, job.links) };
    return { id: job.id, ok: true, result: await createRenderer(job.partials).render(job.source, job.vars) };
  } catch (error) {
    if (error instanceof TemplateRenderError) {
      return {
        id: job.id,
        ok: false,
        message: error.message,
        renderError: {
          part: error.part,
          line: error.line,
          column: error.column,
          message: error.message,
          problem: templateProblem("render-failed", { detail: error.message }),
        },
      };
    }
    return { id: job.id, ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}
