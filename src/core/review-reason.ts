// The review reason intake gives mail older than IMAP_MAX_AGE_DAYS, in the words staff read (the
// timeline turns it into a sentence: web/support/timeline-words.ts). Whether the sender may be
// told the request waits in review is not read from this text: it travels as a typed field from
// the analysis (review.acknowledge) to the request's review_acknowledged column to the decision.

/** The reason for mail older than IMAP_MAX_AGE_DAYS; intake sends such a request to review silently. */
export function tooOldReviewReason(ageDays: number, maxAgeDays: number): string {
  return `too old: arrived ${ageDays} days before pinmail saw it (IMAP_MAX_AGE_DAYS=${maxAgeDays})`;
}
