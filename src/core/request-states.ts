// The states a request (inbound_requests.state) goes through, and the moves between them that
// pinmail makes. store/request-life.ts names each move and refuses one that is not listed here,
// so this table is the whole state machine, readable (and tested) without a database.

export const REQUEST_STATES = ["received", "processing", "review", "answered", "ignored", "failed"] as const;

export type RequestState = (typeof REQUEST_STATES)[number];

/**
 * The state intake stores a message in, from what the analysis made of it: a request waits for
 * verification; mail pinmail will not answer (no single plain sender; automatic mail about a
 * reply) is ignored; mail for a person (the attention folder) is failed until re-processed.
 */
export const START_STATES = { request: "received", unanswerable: "ignored", automatic: "ignored", attention: "failed" } as const satisfies Record<
  string,
  RequestState
>;

/** For each state, the states a request may move to from it. */
export const REQUEST_MOVES: Readonly<Record<RequestState, readonly RequestState[]>> = {
  // Verification decides; a job that fails for good (or is discarded) leaves the request failed;
  // a reply given up on before the decision was written sends it to staff.
  received: ["processing", "review", "ignored", "failed"],
  // The reply was delivered, or refused for good / given up on: staff take over.
  processing: ["answered", "review"],
  // Staff decide (approve, reject: a reply is on its way), close without a reply, correct the
  // name (verification runs again), or the case is settled: a follow-up closed with its case. A
  // refused acknowledgement keeps the case in review with a new reason and due date.
  review: ["processing", "ignored", "received", "answered", "review"],
  // Reopened by staff; an answer that bounced back.
  answered: ["review"],
  ignored: ["review"],
  // Re-processed by staff from the attention folder: read as a request now, or ignored.
  failed: ["received", "ignored"],
};

export function isRequestState(s: string): s is RequestState {
  return (REQUEST_STATES as readonly string[]).includes(s);
}

export function canMove(from: RequestState, to: RequestState): boolean {
  return REQUEST_MOVES[from].includes(to);
}

/** Every state a request may reach `to` from. */
export function statesMovingTo(to: RequestState): RequestState[] {
  return REQUEST_STATES.filter((from) => canMove(from, to));
}
