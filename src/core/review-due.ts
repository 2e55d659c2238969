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
  return due > now ? due : addBusinessDays(now, REVIEW_BUSINESS_DAYS);
}
