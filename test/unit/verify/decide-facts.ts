// Facts both decide tests start from: Maria, a registered secondary user active recently, asking
// for a reset under the default limits, with nothing earlier and nothing sent yet.
import type { DecisionFacts, UserFacts } from "../../../src/verify/decide.js";

export const now = new Date("2026-11-26T15:00:00Z");
export const recent = new Date("2026-06-01T00:00:00Z");
export const maria: UserFacts = { role: "secondary", firstName: "Maria", lastName: "Santos", activeSince: recent, primaryActiveSince: recent };

export const baseFacts: DecisionFacts = {
  kind: "reset",
  reviewReason: null,
  reviewAcknowledged: true,
  user: maria,
  name: { firstName: "Maria", lastName: "Santos" },
  earlier: null,
  pinsLast24h: 0,
  repliesToAddressLast24h: 0,
  rateLimitedReplyLast24h: false,
  notRecognisedRepliesLastHour: 0,
  limits: { pinsPerDay: 3, unknownPerAddressPerDay: 3, unknownPerHour: 100, repliesPerAddressPerDay: 10 },
  now,
};
