// The dashboard JSON API's answers as JSON schemas (issue 14.5): one home for the shapes that
// request-data.ts, people-data.ts, overview-data.ts and failures-data.ts build. Answers are
// serialised through them, so every field those builders return is declared here.
import { anyJson, arrayOf, bool, int, isoTime, nullable, obj, str } from "../api/schema-kit.js";

const nStr = nullable(str);
const nTime = nullable(isoTime);

/** A row of GET /api/requests (an interface: exactly these eight fields). */
export const requestRow = obj({
  reference: str,
  receivedAt: isoTime,
  takenAt: isoTime,
  sender: str,
  name: nStr,
  state: str,
  outcome: nStr,
  dueAt: nTime,
});

/** A case of GET /api/review: a request row and what the queue sorts and shows by. */
export const reviewCase = obj({ ...requestRow.properties, subject: str, reviewReason: nStr, assignedTo: nStr, priority: int });

export const holdShape = obj({ reason: str, placedBy: str, placedAt: isoTime });
const named = obj({ ref: str, name: str });
const organization = obj({ ref: str, name: str, active: bool });

/** Whether the person may be given a PIN; when not: the outcome, why, what to do instead, since when. */
const approval = obj(
  { eligible: bool, outcome: str, why: str, instead: str, since: nStr, activeSince: isoTime, primaryActiveSince: nTime },
  { optional: ["outcome", "why", "instead", "since"] },
);

export const requestDetail = obj({
  reference: str,
  receivedAt: isoTime,
  takenAt: isoTime,
  internalDate: nTime,
  sender: str,
  senderName: nStr,
  subject: str,
  messageId: nStr,
  kind: nStr,
  name: nStr,
  parsedFirstName: nStr,
  parsedLastName: nStr,
  nameSource: nStr,
  language: nStr,
  state: str,
  outcome: nStr,
  reviewReason: nStr,
  ignoredReason: nStr,
  senderAuth: { ...nStr, description: "pass | fail | none, read at intake; null when not recorded" },
  senderAuthReason: nStr,
  disposition: nStr,
  priority: int,
  dueAt: nTime,
  decidedAt: nTime,
  answeredAt: nTime,
  assignedTo: nStr,
  version: int,
  rawSize: int,
  rawPurgedAt: { ...nTime, description: "set when the retention purge removed the raw source and reply bodies" },
  hold: nullable(holdShape),
  user: nullable(obj({ id: int, email: str, firstName: str, lastName: str, role: str, organization, branch: nullable(named) })),
  approval: nullable(approval),
  senderUsable: bool,
  replyLanguage: obj({ locale: str, because: str }),
  message: obj({ newest: arrayOf(str), signature: arrayOf(str), full: str, fromHtml: bool, missing: nStr }),
  parent: nStr,
  partOfCase: { ...nStr, description: "the case in review this follow-up waits with, or null" },
  followUps: arrayOf(obj({ reference: str, receivedAt: isoTime, kind: nStr, state: str, outcome: nStr })),
  pin: nullable(obj({ id: int, issuedAt: isoTime, expiresAt: isoTime, usedAt: nTime, revokedAt: nTime, revokedReason: nStr })),
  replies: arrayOf(
    obj({
      id: int,
      purpose: str,
      template: str,
      locale: str,
      to: str,
      subject: str,
      messageId: str,
      status: str,
      attempts: int,
      lastError: nStr,
      createdAt: isoTime,
      sentAt: nTime,
      text: { ...str, description: "the masked copy: never the PIN" },
    }),
  ),
  events: arrayOf(obj({ at: isoTime, type: str, actor: str, detail: anyJson })),
});

export const personSummary = obj({
  id: int,
  email: str,
  firstName: str,
  lastName: str,
  role: str,
  active: bool,
  organization: str,
  branch: nStr,
});

export const personDetail = obj({
  id: int,
  email: str,
  firstName: str,
  lastName: str,
  role: str,
  locale: nStr,
  active: bool,
  lastSignInAt: nTime,
  createdAt: isoTime,
  organization,
  branch: nullable(named),
  hold: nullable(holdShape),
  requests: arrayOf(requestRow),
  pins: arrayOf(
    obj({
      id: int,
      status: { type: "string", enum: ["outstanding", "used", "expired", "revoked"] },
      issuedAt: isoTime,
      expiresAt: isoTime,
      usedAt: nTime,
      revokedAt: nTime,
      revokedReason: nStr,
      request: nStr,
    }),
  ),
});

const period = obj({
  since: isoTime,
  total: int,
  byOutcome: { type: "object", additionalProperties: int, description: "count per outcome (undecided: none yet)" },
  byState: { type: "object", additionalProperties: int },
});

export const overview = obj({
  generatedAt: isoTime,
  requests: obj({ today: period, week: period }),
  queues: arrayOf(
    obj({
      name: str,
      counts: obj({ waiting: int, active: int, delayed: int, failed: int, completed: int }),
      oldestWaitingAgeSeconds: nullable(int),
      workers: int,
      doneLastHour: nullable(int),
    }),
  ),
  worker: obj({ up: bool, workers: int }),
  // What the worker last published: {reported: false}, or its status with reported: true.
  mailbox: obj(
    {
      reported: bool,
      state: { type: "string", enum: ["stopped", "connecting", "connected", "down"] },
      idle: bool,
      idleSupported: nullable(bool),
      lastSyncAt: nStr,
      lastError: nStr,
      reconnects: int,
      downSince: nStr,
      connectedSince: nStr,
      auth: { ...nullable(obj({}, { open: true })), description: "the mailbox sign-in's health (mode, connected, authFailing, ...)" },
      at: nStr,
    },
    { open: true, optional: ["state", "idle", "idleSupported", "lastSyncAt", "lastError", "reconnects", "downSince", "connectedSince", "auth", "at"] },
  ),
  review: obj({ open: int, overdue: int, unassigned: int }),
  failures: obj({ failedJobs: int, undeliverableReplies: int, attention: int }),
  atRisk: obj({ withinDays: int, organizations: int }),
});

export const failures = obj({
  jobs: arrayOf(
    obj({
      queue: str,
      id: str,
      name: str,
      failedReason: str,
      attemptsMade: int,
      failedAt: nStr,
      requestId: nullable(int),
      outboxId: nullable(int),
      reference: nStr,
    }),
  ),
  replies: arrayOf(obj({ id: int, to: str, template: str, status: str, error: nStr, attempts: int, at: isoTime, reference: nStr })),
  attention: arrayOf(obj({ reference: str, receivedAt: isoTime, sender: str, subject: str, reason: nStr })),
});

/** A staff action done: ok, and what the action reports (outboxId and to for a reply, state and outcome after a re-run). */
export const actionDone = obj(
  { ok: { type: "boolean", const: true }, outboxId: int, to: str, state: str, outcome: nStr },
  { open: true, optional: ["outboxId", "to", "state", "outcome"] },
);
