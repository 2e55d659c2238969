// The records file (`pinmail import-records`): its format is an interface shared with the
// organizations' exports, so validation names the JSON path of every problem it finds.
import { z } from "zod";
import { toSingleAddress } from "../core/mail-address.js";

const isoDate = z
  .string()
  .refine(
    (s) => /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(s) && !Number.isNaN(Date.parse(s)),
    "expected an ISO 8601 date such as 2026-06-01T00:00:00Z",
  )
  .transform((s) => new Date(s));

const user = z.strictObject({
  role: z.enum(["primary", "secondary", "branch"], { error: 'expected "primary", "secondary" or "branch"' }),
  firstName: z.string().trim().min(1, "expected the first name as registered"),
  lastName: z.string().trim().min(1, "expected the last name as registered"),
  // The same strict one-address shape replies are sent to (issue 13.1).
  email: z
    .email({ error: "expected an email address" })
    .refine((e) => toSingleAddress(e) !== null, "expected one plain email address (no commas, quotes, spaces or routes; a domain with a dot)")
    .transform((e) => e.trim().toLowerCase()),
  locale: z.enum(["en", "fr"], { error: 'expected "en" or "fr"' }).optional(),
  lastSignInAt: isoDate.nullable().optional(),
  branch: z.string().min(1).optional(),
});

const organization = z.strictObject({
  ref: z.string().trim().min(1, "expected the organization's reference"),
  name: z.string().trim().min(1, "expected the organization's name"),
  branches: z.array(z.strictObject({ ref: z.string().trim().min(1), name: z.string().trim().min(1) })).default([]),
  users: z.array(user),
});

const file = z.strictObject({ organizations: z.array(organization) });

export type RecordsFile = z.output<typeof file>;
export interface RecordsProblem {
  path: string;
  message: string;
}

function jsonPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((acc, p) => (typeof p === "number" ? `${acc}[${p}]` : `${acc}.${String(p)}`), "$");
}

export function parseRecordsJson(text: string): { ok: true; records: RecordsFile } | { ok: false; problems: RecordsProblem[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { ok: false, problems: [{ path: "$", message: `malformed JSON: ${(err as Error).message}` }] };
  }
  return validateRecords(raw);
}

export function validateRecords(raw: unknown): { ok: true; records: RecordsFile } | { ok: false; problems: RecordsProblem[] } {
  const r = file.safeParse(raw);
  if (!r.success) {
    return { ok: false, problems: r.error.issues.map((i) => ({ path: jsonPath(i.path), message: i.message })) };
  }
  const problems: RecordsProblem[] = [];
  const orgRefs = new Map<string, number>();
  const emails = new Map<string, string>();
  r.data.organizations.forEach((org, oi) => {
    const at = `$.organizations[${oi}]`;
    const seen = orgRefs.get(org.ref);
    if (seen !== undefined) problems.push({ path: `${at}.ref`, message: `duplicate organization ref "${org.ref}" (also $.organizations[${seen}])` });
    orgRefs.set(org.ref, oi);
    const branchRefs = new Set<string>();
    org.branches.forEach((b, bi) => {
      if (branchRefs.has(b.ref)) problems.push({ path: `${at}.branches[${bi}].ref`, message: `duplicate branch ref "${b.ref}" in this organization` });
      branchRefs.add(b.ref);
    });
    const primaries = org.users.filter((u) => u.role === "primary").length;
    if (primaries !== 1) problems.push({ path: `${at}.users`, message: `expected exactly one primary user, found ${primaries}` });
    org.users.forEach((u, ui) => {
      const up = `${at}.users[${ui}]`;
      const other = emails.get(u.email);
      if (other)
        problems.push({ path: `${up}.email`, message: `duplicate email "${u.email}" (also ${other}); emails are unique across all users, ignoring case` });
      else emails.set(u.email, up);
      if (u.role === "branch" && !u.branch)
        problems.push({ path: `${up}.branch`, message: 'required for role "branch": the ref of one of this organization\'s branches' });
      if (u.role !== "branch" && u.branch)
        problems.push({ path: `${up}.branch`, message: `not allowed for role "${u.role}"; only branch users belong to a branch` });
      if (u.branch && !branchRefs.has(u.branch))
        problems.push({ path: `${up}.branch`, message: `unknown branch "${u.branch}"; it must be one of this organization's branches` });
    });
  });
  return problems.length ? { ok: false, problems } : { ok: true, records: r.data };
}
