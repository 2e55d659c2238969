// What staff decisions need: the pipeline's verification pieces (templates, renderer, PIN
// settings), the producers to announce mail, and the clock.
import type { AnalyseContext } from "../pipeline/analyse-message.js";
import type { Producers } from "../jobs/producers.js";
import type { VerifyDeps } from "../verify/verify-request.js";

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
  | { kind: "conflict"; message: string }
  | { kind: "invalid"; message: string }
  /** The rules forbid it for this case (issue 20: an expired account, a dormant organization...). */
  | { kind: "not_eligible"; message: string };

export const nowOf = (deps: { now?: () => Date }) => (deps.now ?? (() => new Date()))();
