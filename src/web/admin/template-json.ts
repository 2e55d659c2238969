// JSON shapes of the template admin API (kept stable: scripts use them).
import { templateVariables } from "../../reply/template-catalog.js";
import type { TemplateSummary } from "../../templates-admin/list-templates.js";
import type { TemplateVersionView } from "../../templates-admin/template-history.js";

export function versionJson(v: TemplateVersionView, activeVersion?: number) {
  return {
    version: v.version,
    isDefault: v.isDefault,
    ...(activeVersion === undefined ? {} : { active: v.version === activeVersion }),
    createdAt: v.createdAt?.toISOString() ?? null,
    author: v.author,
    note: v.note,
    subject: v.source.subject,
    html: v.source.html,
    text: v.source.text,
  };
}

export function summaryJson(t: TemplateSummary) {
  return {
    outcome: t.name,
    locale: t.locale,
    changed: t.changed,
    variables: templateVariables(t.name).map((v) => ({ name: v.name, required: v.required, description: v.description })),
    active: versionJson(t.active),
  };
}
