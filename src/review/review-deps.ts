// What staff decisions need: the pipeline's verification pieces (templates, renderer, PIN
// settings), the producers to announce mail, and the clock.
import type { AnalyseContext } from "../pipeline/analyse-message.js";
import type { Producers } from "../jobs/producers.js";
import type { VerifyDeps } from "../verify/verify-request.js";
import type { Refusal } from "./refusal.js";

export interface ReviewDeps extends VerifyDeps {
  producers: Pick<Producers, "sendMail" | "queues">;
  /** How re-processed mail is analysed (the mailbox reader's own context, minus the clock and the age limit, which a re-process sets itself). */
  analyse: Omit<AnalyseContext, "now" | "maxAgeDays">;
}

export interface StaffActor {
  id: number;
  email: string;
}

/** Expected outcomes of a staff action; exceptions stay for bugs and broken infrastructure. */
export type ActionResult<T = Record<never, never>> =
  | ({ kind: "ok" } & T)
  | { kind: "not-found" }
  /** `message` is the English the JSON API sends; `refusal` the same as a code, for the staff pages' words. */
  | { kind: "conflict"; message: string; refusal: Refusal }
  /** Without `refusal` only when the words come from below review (the outbox refusing a recipient). */
  | { kind: "invalid"; message: string; refusal?: Refusal }
  /** The rules forbid it for this case (issue 20: an expired account, a dormant organization...). */
  | { kind: "not_eligible"; message: string; refusal: Refusal };

export const nowOf = (deps: { now?: () => Date }) => (deps.now ?? (() => new Date()))();
