// Why a staff action was refused, as a code with its values (issue 14: typed errors). The English
// sentence the JSON API sends as `message` is derived here from the code, by one function; the
// staff pages tell the same refusal in their own language from the code and values
// (web/support/review-errors.ts), never by reading the sentence back.
import { ineligibleInstead, ineligibleWhy, type Ineligibility } from "../core/approval-eligibility.js";

type None = Record<never, never>;

/** Every refusal and its values. A new code needs its English below and its words in the staff catalogue. */
export interface RefusalParams {
  /** The case's version moved on since the page was read. */
  "changed-meanwhile": { reference: string; state: string; outcome: string | null };
  /** The case left the states the action applies to. */
  "no-longer-applies": { reference: string; state: string; outcome: string | null };
  "part-of-case": { reference: string; case: string };
  "no-sender": None;
  "no-person": { sender: string };
  /** The bot's own rules forbid a PIN (core/approval-eligibility.ts). */
  "not-eligible": Ineligibility;
  "close-note-missing": None;
  "close-note-too-long": { max: number };
  "names-missing": None;
  "names-too-long": { max: number };
  /** The chosen reply needs template values this request does not have. */
  "reply-needs-values": { template: string; values: string[] };
  "internal-note-missing": None;
  "internal-note-too-long": { max: number };
  "message-too-long": { max: number };
  "not-choosable": { template: string };
  "reopen-note-missing": None;
  "not-in-attention": { reference: string; state: string };
  "raw-purged": { reference: string; at: string };
  "reprocessed-meanwhile": { reference: string };
  /** Re-processing read the message again and still could not take it; `reason` is the pipeline's. */
  "still-unreadable": { reason: string };
  "pin-not-live": None;
}
export type RefusalCode = keyof RefusalParams;
export type Refusal = { [C in RefusalCode]: { code: C; params: RefusalParams[C] } }[RefusalCode];

const withOutcome = (state: string, outcome: string | null, open: string, close: string) => `${state}${outcome ? `${open}${outcome}${close}` : ""}`;

const ENGLISH: { [C in RefusalCode]: (p: RefusalParams[C]) => string } = {
  "changed-meanwhile": (p) =>
    `${p.reference} was changed by someone else meanwhile (now ${withOutcome(p.state, p.outcome, ", ", "")}); reload and check before acting`,
  "no-longer-applies": (p) => `${p.reference} is ${withOutcome(p.state, p.outcome, " (", ")")}, so this action does not apply any more`,
  "part-of-case": (p) => `${p.reference} is a follow-up that is part of case ${p.case}, which is in review: decide that case`,
  // Said wherever a case has no usable sender address (approve refused, reply refused).
  "no-sender": () =>
    "This request has no usable sender address (not one plain address), so no reply and no PIN can be sent for it; close it without a reply instead.",
  "no-person": (p) => `no person on record for ${p.sender}: there is nobody to give a PIN to; reject the request instead`,
  "not-eligible": (p) => `No PIN can be issued: ${ineligibleWhy(p)}. ${ineligibleInstead(p)}`,
  "close-note-missing": () => "say why the case is closed without a reply (recorded for staff, never sent)",
  "close-note-too-long": (p) => `the note is longer than ${p.max} characters`,
  "names-missing": () => "both the first and the last name are needed",
  "names-too-long": (p) => `names longer than ${p.max} characters are not names`,
  "reply-needs-values": (p) => `the ${p.template} reply needs ${p.values.join(", ")}, which this request does not have; choose another reply`,
  "internal-note-missing": () => "an internal note is required (reason: recorded for staff, never sent)",
  "internal-note-too-long": (p) => `the internal note is longer than ${p.max} characters`,
  "message-too-long": (p) => `the message to the person is longer than ${p.max} characters`,
  "not-choosable": (p) => `template: not a reply staff can choose (${p.template})`,
  "reopen-note-missing": () => "say why the request is reopened",
  "not-in-attention": (p) => `${p.reference} is not a message waiting in the attention folder (it is ${p.state})`,
  "raw-purged": (p) => `${p.reference}'s raw source was removed by the retention purge on ${p.at}; there is nothing to re-process`,
  "reprocessed-meanwhile": (p) => `${p.reference} was re-processed by someone else meanwhile`,
  "still-unreadable": (p) => `Still cannot be processed: ${p.reason}`,
  "pin-not-live": () => "this PIN is already used, revoked or replaced",
};

/** Every refusal code, for tests that check each has words. */
export const REFUSAL_CODES = Object.keys(ENGLISH) as RefusalCode[];

/** The English sentence of a refusal: the JSON API's `message`. */
export function refusalMessage(r: Refusal): string {
  return (ENGLISH[r.code] as (p: Refusal["params"]) => string)(r.params);
}

/** Builds a refusal; `refusal("no-person", { sender })` type-checks the values against the code. */
export const refusal = <C extends RefusalCode>(code: C, params: RefusalParams[C]) => ({ code, params }) as Refusal;

/** A refused action as an ActionResult: the API's English `message`, and the code for the pages. */
export function refused<K extends "conflict" | "invalid" | "not_eligible">(kind: K, r: Refusal): { kind: K; message: string; refusal: Refusal } {
  return { kind, message: refusalMessage(r), refusal: r };
}

/** A refusal thrown inside a case's transaction (lock-case.ts turns it into an ActionResult). */
export class ReviewRefusal extends Error {
  override name = "ReviewRefusal";
  constructor(readonly refusal: Refusal) {
    super(refusalMessage(refusal));
  }
  get code(): RefusalCode {
    return this.refusal.code;
  }
}
