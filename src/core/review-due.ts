import { addBusinessDays } from "./business-days.js";

/** Business days staff have to decide a case in review. */
export const REVIEW_BUSINESS_DAYS = 3;

/**
 * When a case in review is due (issue 15.2): 3 business days after pinmail took the mail, not
 * after it arrived (staff cannot act on mail pinmail has not seen yet). A case that reaches
 * review later than that (a staff re-run days afterwards) counts from now instead, so an
 * acknowledgement never promises a date already past.
 */
export function reviewDueAt(takenAt: Date, now: Date): Date {
  const due = addBusinessDays(takenAt, REVIEW_BUSINESS_DAYS);
  return due > now ? due : reviewDueFrom(now);
}

/**
 * When a case that goes (back) to review at `now` is due: a reply refused for good, given up on,
 * or a request staff reopen. Always later than `now`, so the same as reviewDueAt(now, now).
 */
export function reviewDueFrom(now: Date): Date {
  return addBusinessDays(now, REVIEW_BUSINESS_DAYS);
}
