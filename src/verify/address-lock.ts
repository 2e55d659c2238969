// The per-address lock: everything that may issue a PIN to, or count replies for, one address
// takes it for the rest of its transaction, so concurrent work for one person runs in turn and
// each sees the other's PIN (issue 13.9: one live PIN per person). lockRequest (load-request.ts)
// takes the same key in its own statement; the key must stay identical to it.
import { sql, type Queryable } from "../store/sql.js";

/** Takes the address locks one by one in a fixed order (two holders never wait on each other). */
export async function lockAddresses(q: Queryable, addresses: ReadonlyArray<string | null | undefined>): Promise<void> {
  const keys = [...new Set(addresses.filter((a): a is string => !!a).map((a) => a.toLowerCase()))].sort();
  for (const key of keys) await q.query(sql`SELECT pg_advisory_xact_lock(hashtext('pinmail:addr:' || ${key}))::text AS locked`);
}
