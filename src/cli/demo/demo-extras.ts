// What `pinmail demo` adds beyond the sample mails so every staff page has something to show
// (issue 20): an organization whose primary user goes dormant in about six weeks (the "At risk"
// page), dated from today so it stays at risk whenever the demo runs; and one line per request
// for people (reference, outcome, time to reply) instead of the JSON log.
import type { Db } from "../../store/prisma.js";
import { importRecords } from "../../store/import-records.js";
import { validateRecords } from "../../store/records-file.js";
import { reasonWords } from "../../web/support/timeline-words.js";

const DAY = 86_400_000;

/** Lakeshore Transport: its primary user last signed in 2 years minus 45 days ago. */
export function atRiskRecords(now: Date) {
  const primarySignIn = new Date(now.getTime() - (2 * 365 - 45) * DAY);
  return {
    organizations: [
      {
        ref: "lakeshore-demo",
        name: "Lakeshore Transport Co.",
        branches: [],
        users: [
          { role: "primary", firstName: "Nadia", lastName: "Okafor", email: "nadia.okafor@lakeshore.example", lastSignInAt: primarySignIn.toISOString() },
          {
            role: "secondary",
            firstName: "Tom",
            lastName: "Bergeron",
            email: "tom.bergeron@lakeshore.example",
            locale: "fr",
            lastSignInAt: new Date(now.getTime() - 30 * DAY).toISOString(),
          },
        ],
      },
    ],
  };
}

export async function importAtRisk(db: Db, now = new Date()): Promise<void> {
  const v = validateRecords(atRiskRecords(now));
  if (!v.ok) throw new Error(`demo at-risk records invalid: ${JSON.stringify(v.problems)}`);
  // Not a prune: the sample records stay as they are.
  await importRecords(db, v.records);
}

const OUTCOME_WORDS: Record<string, string> = {
  "pin-issued": "PIN issued",
  "name-mismatch": "name does not match",
  "name-missing": "name missing",
  "organization-dormant": "organization dormant",
  "account-expired": "account expired",
  "primary-user": "primary user, no PIN needed",
  "not-recognised": "address not recognised",
  "rate-limited": "too many PINs today",
  "needs-review": "sent to review",
  rejected: "rejected",
};

export interface RequestLine {
  reference: string;
  state: string;
  outcome: string | null;
  takenAt: Date;
  answeredAt: Date | null;
  /** False for silent review: mail older than IMAP_MAX_AGE_DAYS. */
  reviewAcknowledged: boolean;
  ignoredReason: string | null;
}

/** "PM-261206-7K3Q  PIN issued, replied in 1.4 s" — one line per settled request. */
export function requestLine(r: RequestLine): string {
  const what = OUTCOME_WORDS[r.outcome ?? ""] ?? r.outcome ?? "";
  if (r.state === "answered" && r.answeredAt)
    return `${r.reference}  ${what}, replied in ${((r.answeredAt.getTime() - r.takenAt.getTime()) / 1000).toFixed(1)} s`;
  if (r.state === "review") return `${r.reference}  waiting for a person (Review page)${r.reviewAcknowledged ? "" : ": an old request"}`;
  if (r.state === "ignored") return `${r.reference}  not answered${r.ignoredReason ? `: ${reasonWords(r.ignoredReason)}` : ""}`;
  if (r.state === "failed") return `${r.reference}  could not be processed (Failures page)${r.ignoredReason ? `: ${reasonWords(r.ignoredReason)}` : ""}`;
  return `${r.reference}  ${r.state}`;
}

/** Prints one line per request as it settles (answered, in review, not answered, failed). */
export function watchRequests(db: Db, since: Date, print: (line: string) => void): () => void {
  const printed = new Set<string>();
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    db.inboundRequest
      .findMany({
        where: { takenAt: { gte: since }, state: { in: ["answered", "review", "ignored", "failed"] } },
        orderBy: { id: "asc" },
        select: { reference: true, state: true, outcome: true, takenAt: true, answeredAt: true, reviewAcknowledged: true, ignoredReason: true },
      })
      .then((rows) => {
        for (const r of rows) {
          const line = requestLine(r);
          if (printed.has(`${r.reference}:${r.state}`)) continue;
          printed.add(`${r.reference}:${r.state}`);
          print(line);
        }
      })
      .catch(() => undefined)
      .finally(() => (busy = false));
  }, 500);
  return () => clearInterval(timer);
}
