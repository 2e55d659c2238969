// The alert state machine, pure: one observation of a condition in, its new check state and at
// most one transition out. An alert opens once when its condition has held for the hold time and
// clears once when it stops holding, so a condition that stays bad sends nothing more.
import type { AlertName } from "./alert-names.js";

/**
 * What a check found. `bad` with `since` (when the trouble began, if the facts say) or without
 * (then the machine remembers when it first saw it); `unknown` when the facts could not be read
 * (e.g. PostgreSQL is down): nothing changes on an unknown.
 */
export type Observation = { status: "bad"; since: Date | null; text: string } | { status: "ok" } | { status: "unknown" };

export interface ConditionState {
  name: AlertName;
  /** When the condition was first seen bad in the current stretch; null while it is fine. */
  pendingSince: Date | null;
  /** Last time a daily condition was checked. */
  checkedAt: Date | null;
}

export interface Rule {
  /** Off (a threshold of 0): an open alert clears, nothing new opens. */
  enabled: boolean;
  /** How long the condition must hold before the alert opens (0: at once). */
  holdMs: number;
}

export type Transition = { kind: "none" } | { kind: "open"; since: Date; text: string } | { kind: "clear"; until: Date; reason: "recovered" | "turned-off" };

export interface StepResult {
  condition: ConditionState;
  transition: Transition;
}

export function step(condition: ConditionState, isOpen: boolean, observation: Observation, rule: Rule, now: Date): StepResult {
  if (!rule.enabled) {
    return { condition: { ...condition, pendingSince: null }, transition: isOpen ? { kind: "clear", until: now, reason: "turned-off" } : { kind: "none" } };
  }
  if (observation.status === "unknown") return { condition, transition: { kind: "none" } };
  if (observation.status === "ok") {
    return { condition: { ...condition, pendingSince: null }, transition: isOpen ? { kind: "clear", until: now, reason: "recovered" } : { kind: "none" } };
  }
  const since = observation.since ?? condition.pendingSince ?? now;
  const next = { ...condition, pendingSince: since };
  const held = now.getTime() - since.getTime() >= rule.holdMs;
  if (held && !isOpen) return { condition: next, transition: { kind: "open", since, text: observation.text } };
  // Bad but not for long enough (e.g. the oldest waiting request is now a new one): an open
  // alert about the old stretch has ended.
  if (!held && isOpen) return { condition: next, transition: { kind: "clear", until: now, reason: "recovered" } };
  return { condition: next, transition: { kind: "none" } };
}
