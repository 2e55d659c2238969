// One line of `pinmail check-mailbox`: what was checked, whether it passed, what was found and,
// when it failed, what to do. Formatting is pure so the CLI and its tests share it.

export interface CheckResult {
  /** Stable key for --json (e.g. "imap-sign-in"). */
  id: string;
  ok: boolean;
  /** What was found, in words. */
  detail: string;
  /** What to do about a failure. */
  fix?: string;
  /** Facts for scripts (--json): names, counts, mechanisms; never a token or password. */
  data?: Record<string, unknown>;
}

export function formatChecklist(results: readonly CheckResult[]): string {
  const lines: string[] = [];
  for (const r of results) {
    lines.push(`${r.ok ? "✓" : "✗"} ${r.detail}`);
    if (!r.ok && r.fix) lines.push(`    → ${r.fix}`);
  }
  const failed = results.filter((r) => !r.ok).length;
  lines.push("", failed ? `${failed} of ${results.length} checks failed.` : `All ${results.length} checks passed.`);
  return lines.join("\n");
}

export function formatUtc(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** A check that could not run because an earlier one failed. */
export function notChecked(id: string, what: string, because: string): CheckResult {
  return { id, ok: false, detail: `${what}: not checked (${because})` };
}
