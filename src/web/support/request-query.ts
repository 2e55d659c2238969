// The filters of GET /api/requests (and the Requests page), validated into a Prisma where clause.
// Pages go newest first; the cursor is the id of the last row of the previous page.
import { torontoCalendarDate, torontoWallTimeToInstant, addCalendarDays } from "../../core/toronto-date.js";
import type { Prisma } from "../../generated/prisma/client.js";
import { OUTCOMES, STATES } from "../../verify/decide.js";

export interface RequestFilters {
  q?: string;
  state?: string;
  outcome?: string;
  from?: string;
  to?: string;
  overdue?: boolean;
  cursor?: number;
  limit: number;
}

export class QueryError extends Error {
  override name = "QueryError";
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** A date-only value is a day in Toronto (where staff work); anything else must be ISO 8601. */
function parseInstant(name: string, v: string, endOfDay: boolean): Date {
  if (DATE_ONLY.test(v)) {
    const [y, m, d] = v.split("-").map(Number) as [number, number, number];
    const day = { year: y, month: m, day: d };
    const check = new Date(Date.UTC(y, m - 1, d));
    if (check.getUTCMonth() !== m - 1) throw new QueryError(`${name}: ${v} is not a date`);
    return torontoWallTimeToInstant(endOfDay ? addCalendarDays(day, 1) : day, 0);
  }
  if (!/^\d{4}-\d{2}-\d{2}T/.test(v) || Number.isNaN(Date.parse(v)))
    throw new QueryError(`${name}: expected an ISO 8601 date such as 2026-11-26 or 2026-11-26T09:00:00Z, got "${v}"`);
  return new Date(v);
}

export function parseRequestFilters(query: Record<string, unknown>): RequestFilters {
  const str = (k: string) => {
    const v = query[k];
    if (v === undefined || v === "") return undefined;
    // The API's query schema has already made limit, cursor and overdue a number or a boolean.
    if (typeof v === "number" || typeof v === "boolean") return String(v);
    if (typeof v !== "string") throw new QueryError(`${k}: give it once`);
    return v.trim() || undefined;
  };
  const state = str("state");
  if (state && !(STATES as readonly string[]).includes(state)) throw new QueryError(`state: expected one of ${STATES.join(", ")}`);
  const outcome = str("outcome");
  if (outcome && !(OUTCOMES as readonly string[]).includes(outcome)) throw new QueryError(`outcome: expected one of ${OUTCOMES.join(", ")}`);
  const overdue = str("overdue");
  if (overdue && overdue !== "true" && overdue !== "false") throw new QueryError("overdue: expected true or false");
  const limitRaw = str("limit");
  const limit = limitRaw === undefined ? 50 : Number(limitRaw);
  if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw new QueryError("limit: expected a whole number from 1 to 200");
  const cursorRaw = str("cursor");
  const cursor = cursorRaw === undefined ? undefined : Number(cursorRaw);
  if (cursor !== undefined && (!Number.isInteger(cursor) || cursor < 1)) throw new QueryError("cursor: use the `next` value of the previous page");
  const from = str("from");
  const to = str("to");
  if (from) parseInstant("from", from, false);
  if (to) parseInstant("to", to, true);
  const q = str("q");
  if (q && q.length > 200) throw new QueryError("q: at most 200 characters");
  return { q, state, outcome, from, to, overdue: overdue === "true", cursor, limit };
}

/** The words of a search: at most five, as typed. */
export const searchWords = (q: string) => q.split(/\s+/).filter(Boolean).slice(0, 5);

/**
 * `people`: per search word, the registered people it matches (usersMatching), looked up first so
 * every branch of the search is index-served: the request's own text through its trigram index
 * (search_text), the person through user_id (issue 20; a subquery on the person made PostgreSQL
 * read the whole table).
 */
export function requestWhere(f: RequestFilters, now: Date, people?: Map<string, number[]>): Prisma.InboundRequestWhereInput {
  const and: Prisma.InboundRequestWhereInput[] = [];
  if (f.state) and.push({ state: f.state });
  if (f.outcome) and.push({ outcome: f.outcome });
  if (f.from) and.push({ receivedAt: { gte: parseInstant("from", f.from, false) } });
  if (f.to) and.push({ receivedAt: { lt: parseInstant("to", f.to, true) } });
  if (f.overdue) and.push({ state: "review", dueAt: { lt: now } });
  if (f.cursor) and.push({ id: { lt: f.cursor } });
  if (f.q) {
    for (const w of searchWords(f.q)) {
      const c = { contains: w, mode: "insensitive" as const };
      // search_text holds reference, sender, sender name, subject and the parsed names.
      const own: Prisma.InboundRequestWhereInput = { searchText: c };
      const ids = people?.get(w);
      if (!people) and.push({ OR: [own, { user: { is: { OR: [{ firstName: c }, { lastName: c }, { email: c }] } } }] });
      else and.push(ids && ids.length ? { OR: [own, { userId: { in: ids } }] } : own);
    }
  }
  return and.length ? { AND: and } : {};
}
