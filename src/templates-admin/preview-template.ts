// Preview = the validator's verdict plus the outbox's own render of the source with sample data:
// createRenderer(...).render and buildTemplateVariables are the very calls verify-request makes.
import type { DefaultTemplates } from "../reply/load-default-templates.js";
import type { Renderer, RenderedReply } from "../reply/render.js";
import { TemplateRenderError } from "../reply/render.js";
import { buildTemplateVariables, sampleVariables, type Locale } from "../reply/template-catalog.js";
import { templateProblem } from "../reply/template-problem.js";
import { validateTemplate, type LinkPolicy, type TemplateError } from "../reply/validate-template.js";
import { normaliseSource, type SourceInput } from "./normalise-source.js";
import type { TemplateRef } from "./template-ref.js";
import type { TemplateSandbox } from "./template-sandbox.js";

export type PreviewResult = { ok: true; rendered: RenderedReply } | { ok: false; errors: TemplateError[] };

/** Sample values an admin may change in the preview (issue 20); the PIN and links stay the samples. */
export const EDITABLE_SAMPLE = ["firstName", "lastName", "organizationName", "branchName", "pinExpiresAt"] as const;
export type SampleOverrides = Partial<Record<(typeof EDITABLE_SAMPLE)[number], string>>;

/** The sample variables with the admin's values for those the template has (empty: the sample's own). */
export function withOverrides(vars: Record<string, unknown>, sample: SampleOverrides | undefined): Record<string, unknown> {
  if (!sample) return vars;
  const out = { ...vars };
  for (const k of EDITABLE_SAMPLE) {
    const v = sample[k]?.trim();
    if (v && Object.hasOwn(vars, k)) out[k] = v;
  }
  return out;
}

export async function previewTemplate(
  /** With a sandbox (the web app always has one), checking and rendering run in its worker thread under a time limit. */
  deps: { defaults: DefaultTemplates; renderer: Renderer; links?: LinkPolicy; sandbox?: TemplateSandbox },
  input: { ref: TemplateRef; source: SourceInput; sampleLocale?: Locale; sample?: SampleOverrides },
): Promise<PreviewResult> {
  const source = normaliseSource(input.source);
  // Refused here exactly as on save, so nothing the editor shows as fine can fail to save.
  const validation = deps.sandbox
    ? await deps.sandbox.validate(input.ref.name, source, deps.defaults.partials, deps.links)
    : await validateTemplate(input.ref.name, source, deps.defaults.partials, deps.links);
  if (!validation.ok) return { ok: false, errors: validation.errors };
  const vars = buildTemplateVariables(
    input.ref.name,
    withOverrides(sampleVariables(input.ref.name, input.sampleLocale ?? input.ref.locale), input.sample) as ReturnType<typeof sampleVariables>,
  );
  if (deps.sandbox) {
    const r = await deps.sandbox.render(source, vars, deps.defaults.partials);
    return r.ok ? { ok: true, rendered: r.rendered } : { ok: false, errors: [r.error] };
  }
  try {
    return { ok: true, rendered: await deps.renderer.render(source, vars) };
  } catch (error) {
    // The validator rendered this already; a failure now is a limit hit under load, say so.
    if (error instanceof TemplateRenderError)
      return {
        ok: false,
        errors: [
          {
            part: error.part,
            line: error.line,
            column: error.column,
            message: error.message,
            problem: templateProblem("render-failed", { detail: error.message }),
          },
        ],
      };
    throw error;
  }
}
