// The review reasons intake stores on a request, and which of them must get no acknowledgement.
// Intake decides "acknowledge or not" (pipeline/) and verification acts on it later (verify/);
// the reason is stored as text on the request (review_reason), so the silent kind is written and
// read back here, in one place, and handed to the decision as a typed field.

/** Review reasons that must not get even an acknowledgement (old mail: a first start on a full mailbox). */
export const SILENT_REVIEW_PREFIX = "too old:";

/** The reason for mail older than IMAP_MAX_AGE_DAYS; it sends the request to review silently. */
export function tooOldReviewReason(ageDays: number, maxAgeDays: number): string {
  return `${SILENT_REVIEW_PREFIX} arrived ${ageDays} days before pinmail saw it (IMAP_MAX_AGE_DAYS=${maxAgeDays})`;
}

/** Whether a stored review reason may be acknowledged to the sender (false for silent review). */
export function reviewAcknowledged(reason: string | null): boolean {
  return !reason?.startsWith(SILENT_REVIEW_PREFIX);
}
