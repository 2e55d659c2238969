// Requests as the dashboard and its JSON API show them. The API shapes are an interface:
// list rows {reference, receivedAt, takenAt, sender, name, state, outcome, dueAt}; the detail adds
// events. `receivedAt` is when the mail arrived in the mailbox, `takenAt` when pinmail took it.
import { caseOf, OPEN_CASES } from "../../review/open-cases.js";
import { toSingleAddress } from "../../core/mail-address.js";
import { personStatus } from "../../review/person-eligibility.js";
import type { Db } from "../../store/prisma.js";
import { chooseReplyLocale, type ReplyLocaleReason } from "../../reply/reply-locale.js";
import { readMessage } from "./message-view.js";
import { reviewCounts } from "./review-counts.js";
import { requestWhere, searchWords, type RequestFilters } from "./request-query.js";

/**
 * Registered people per search word (trigram-indexed columns), at most PEOPLE_PER_WORD each: a
 * word that matches more people than that (a common surname) still finds their requests through
 * the names in the requests themselves.
 */
const PEOPLE_PER_WORD = 500;
export async function usersMatching(db: Db, q: string): Promise<Map<string, number[]>> {
  const words = searchWords(q);
  const found = await Promise.all(
    words.map((w) => {
      const c = { contains: w, mode: "insensitive" as const };
      return db.portalUser.findMany({ where: { OR: [{ firstName: c }, { lastName: c }, { email: c }] }, select: { id: true }, take: PEOPLE_PER_WORD });
    }),
  );
  return new Map(words.map((w, i) => [w, found[i]!.map((u) => u.id)]));
}

export interface RequestRow {
  reference: string;
  receivedAt: string;
  takenAt: string;
  sender: string;
  name: string | null;
  state: string;
  outcome: string | null;
  dueAt: string | null;
}

/** The API's words for why the reply goes out in its language (the case page turns them into the staff catalogue's). */
const BECAUSE: Record<ReplyLocaleReason, string> = {
  record: "the language on record for the person",
  message: "the language of their message",
  unknown: "English, as the language of their message is not known",
};

function replyLanguageOf(recordLocale: string | null | undefined, language: string | null): { locale: "en" | "fr"; because: string } {
  const c = chooseReplyLocale(recordLocale, language);
  return { locale: c.locale, because: BECAUSE[c.because] };
}

export function nameOf(r: { parsedFirstName: string | null; parsedLastName: string | null; parsedFullName: string | null }): string | null {
  if (r.parsedFullName) return r.parsedFullName;
  const n = [r.parsedFirstName, r.parsedLastName].filter(Boolean).join(" ");
  return n || null;
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** A request as every list shows it (the requests list, the review queue, a person's requests). */
export function requestRow(r: {
  reference: string;
  receivedAt: Date;
  takenAt: Date;
  sender: string;
  parsedFirstName: string | null;
  parsedLastName: string | null;
  parsedFullName: string | null;
  state: string;
  outcome: string | null;
  dueAt: Date | null;
}): RequestRow {
  return {
    reference: r.reference,
    receivedAt: r.receivedAt.toISOString(),
    takenAt: r.takenAt.toISOString(),
    sender: r.sender,
    name: nameOf(r),
    state: r.state,
    outcome: r.outcome,
    dueAt: iso(r.dueAt),
  };
}

const LIST_SELECT = {
  id: true,
  reference: true,
  receivedAt: true,
  takenAt: true,
  sender: true,
  subject: true,
  parsedFirstName: true,
  parsedLastName: true,
  parsedFullName: true,
  state: true,
  outcome: true,
  dueAt: true,
  reviewReason: true,
  priority: true,
  assignedTo: { select: { email: true } },
} as const;

export type ListedRequest = RequestRow & { subject: string; reviewReason: string | null; assignedTo: string | null; priority: number };

function toRow(r: {
  reference: string;
  receivedAt: Date;
  takenAt: Date;
  sender: string;
  subject: string;
  parsedFirstName: string | null;
  parsedLastName: string | null;
  parsedFullName: string | null;
  state: string;
  outcome: string | null;
  dueAt: Date | null;
  reviewReason: string | null;
  priority: number;
  assignedTo: { email: string } | null;
}): ListedRequest {
  return {
    ...requestRow(r),
    subject: r.subject,
    reviewReason: r.reviewReason,
    assignedTo: r.assignedTo?.email ?? null,
    priority: r.priority,
  };
}

export async function listRequests(db: Db, f: RequestFilters, now: Date): Promise<{ requests: ListedRequest[]; next: string | null }> {
  const people = f.q ? await usersMatching(db, f.q) : undefined;
  const rows = await db.inboundRequest.findMany({ where: requestWhere(f, now, people), orderBy: { id: "desc" }, take: f.limit + 1, select: LIST_SELECT });
  const more = rows.length > f.limit;
  const page = more ? rows.slice(0, f.limit) : rows;
  return { requests: page.map(toRow), next: more ? String(page[page.length - 1]!.id) : null };
}

/** One page of the review queue for the Review page (issue 20: 50,000 open cases made it 0.25 s). */
export const REVIEW_PAGE_SIZE = 50;
export async function listReviewPage(db: Db, page: number, size = REVIEW_PAGE_SIZE): Promise<ListedRequest[]> {
  const rows = await db.inboundRequest.findMany({
    where: OPEN_CASES,
    orderBy: [{ priority: "desc" }, { receivedAt: "asc" }, { id: "asc" }],
    skip: (page - 1) * size,
    take: size,
    select: LIST_SELECT,
  });
  return rows.map(toRow);
}

/** How many cases are open and how many of them overdue (the Review page's heading). */
export async function reviewTotals(db: Db, now: Date): Promise<{ open: number; overdue: number }> {
  const { open, overdue } = await reviewCounts(db, now);
  return { open, overdue };
}

/** The manual review queue, one row per case: highest priority first, then oldest. */
export async function listReview(db: Db, limit = 200): Promise<ListedRequest[]> {
  const rows = await db.inboundRequest.findMany({
    where: OPEN_CASES,
    orderBy: [{ priority: "desc" }, { receivedAt: "asc" }, { id: "asc" }],
    take: limit,
    select: LIST_SELECT,
  });
  return rows.map(toRow);
}

export async function loadRequest(db: Db, reference: string, now = new Date()) {
  const r = await db.inboundRequest.findUnique({
    where: { reference },
    include: {
      user: { include: { organization: { select: { ref: true, name: true, active: true } }, branch: { select: { ref: true, name: true } } } },
      parent: { select: { reference: true } },
      followUps: { select: { reference: true, receivedAt: true, state: true, outcome: true, kind: true }, orderBy: { id: "asc" } },
      assignedTo: { select: { email: true } },
      pin: { select: { id: true, issuedAt: true, expiresAt: true, usedAt: true, revokedAt: true, revokedReason: true } },
      outbound: { orderBy: { id: "asc" } },
      events: { orderBy: [{ at: "asc" }, { id: "asc" }] },
      hold: { select: { reason: true, placedBy: true, placedAt: true } },
    },
  });
  if (!r) return null;
  const [partOfCase, status, message] = await Promise.all([
    caseOf(db, r),
    r.user ? personStatus(db, r.user, now) : null,
    readMessage(r.rawSource, r.rawPurgedAt !== null),
  ]);
  return {
    reference: r.reference,
    receivedAt: r.receivedAt.toISOString(),
    takenAt: r.takenAt.toISOString(),
    internalDate: iso(r.internalDate),
    sender: r.sender,
    senderName: r.senderName,
    subject: r.subject,
    messageId: r.messageId,
    kind: r.kind,
    name: nameOf(r),
    parsedFirstName: r.parsedFirstName,
    parsedLastName: r.parsedLastName,
    nameSource: r.nameSource,
    language: r.language,
    state: r.state,
    outcome: r.outcome,
    reviewReason: r.reviewReason,
    ignoredReason: r.ignoredReason,
    /** Sender authentication read at intake (issue 13.8): pass | fail | none, null when not recorded. */
    senderAuth: r.senderAuth,
    senderAuthReason: r.senderAuthReason,
    disposition: r.disposition,
    priority: r.priority,
    dueAt: iso(r.dueAt),
    decidedAt: iso(r.decidedAt),
    answeredAt: iso(r.answeredAt),
    assignedTo: r.assignedTo?.email ?? null,
    version: r.version,
    rawSize: r.rawSize,
    /** Set when the retention purge removed the raw source and reply bodies (issue 19). */
    rawPurgedAt: iso(r.rawPurgedAt),
    hold: r.hold ? { reason: r.hold.reason, placedBy: r.hold.placedBy, placedAt: r.hold.placedAt.toISOString() } : null,
    user: r.user
      ? {
          id: r.user.id,
          email: r.user.email,
          firstName: r.user.firstName,
          lastName: r.user.lastName,
          role: r.user.role,
          organization: r.user.organization,
          branch: r.user.branch,
        }
      : null,
    /** May this person be given a PIN under the bot's rules, and why not (issue 20); null without a person. */
    approval: status ? { ...status.eligibility, activeSince: status.activeSince, primaryActiveSince: status.primaryActiveSince } : null,
    /** The sender is one plain address, so a reply can be sent at all (issue 20). */
    senderUsable: toSingleAddress(r.sender) !== null,
    /** The language a reply goes out in, and why (the same rule as the reject action). */
    replyLanguage: replyLanguageOf(r.user?.locale, r.language),
    /** What the person wrote, as text (issue 20). */
    message,
    parent: r.parent?.reference ?? null,
    /** The case in review this follow-up waits with (decided there), or null. */
    partOfCase,
    followUps: r.followUps.map((f) => ({ reference: f.reference, receivedAt: f.receivedAt.toISOString(), kind: f.kind, state: f.state, outcome: f.outcome })),
    pin: r.pin
      ? {
          id: r.pin.id,
          issuedAt: r.pin.issuedAt.toISOString(),
          expiresAt: r.pin.expiresAt.toISOString(),
          usedAt: iso(r.pin.usedAt),
          revokedAt: iso(r.pin.revokedAt),
          revokedReason: r.pin.revokedReason,
        }
      : null,
    // Only the masked copies: the sealed one (with the PIN) is never read here.
    replies: r.outbound.map((o) => ({
      id: o.id,
      purpose: o.purpose,
      template: o.template,
      locale: o.locale,
      to: o.toAddress,
      subject: o.subject,
      messageId: o.messageId,
      status: o.status,
      attempts: o.attempts,
      lastError: o.lastError,
      createdAt: o.createdAt.toISOString(),
      sentAt: iso(o.sentAt),
      text: o.maskedText,
    })),
    events: r.events.map((e) => ({ at: e.at.toISOString(), type: e.type, actor: e.actor, detail: e.detail })),
  };
}

export type RequestDetail = NonNullable<Awaited<ReturnType<typeof loadRequest>>>;
