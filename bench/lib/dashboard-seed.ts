// The history bench/dashboard.ts measures on: `n` requests over three years, the newest `review`
// of them open review cases; 20 first names × 505 surnames, one address per request.
const FIRST = [
  "Maria",
  "Jean",
  "Wei",
  "Aisha",
  "Olivier",
  "Sofia",
  "Liam",
  "Chloé",
  "Noah",
  "Priya",
  "Mateo",
  "Fatima",
  "Lucas",
  "Emma",
  "Omar",
  "Zoé",
  "Ethan",
  "Léa",
  "Arjun",
  "Nadia",
];
const LAST = Array.from({ length: 500 }, (_, i) => `Surname${i}`).concat(["Santos", "Tremblay", "Nakamura", "Gagnon", "Roy"]);
const arr = (xs: string[]) => `ARRAY[${xs.map((x) => `'${x.replace(/'/g, "''")}'`).join(",")}]`;

export function seedSql(N: number, R: number): string {
  return `
    INSERT INTO inbound_requests (reference, message_key, mailbox, uid_validity, uid, sender, sender_name, subject, kind, state, outcome,
                                  parsed_first_name, parsed_last_name, parsed_full_name, raw_source, raw_size, received_at, taken_at, answered_at, due_at, review_reason)
    SELECT 'PM-B' || g, '<b' || g || '@bench.test>', 'INBOX', 1, g,
           'person' || g || '@org' || (g % 3000) || '.example', f || ' ' || l, 'PIN reset', 'request',
           CASE WHEN g > ${N - R} THEN 'review' ELSE 'answered' END,
           CASE WHEN g > ${N - R} THEN 'needs-review' WHEN g % 7 = 0 THEN 'name-mismatch' WHEN g % 11 = 0 THEN 'not-recognised' ELSE 'pin-issued' END,
           f, l, f || ' ' || l, convert_to('From: x', 'UTF8'), 7, at, at,
           CASE WHEN g > ${N - R} THEN NULL ELSE at + ((g % 300) || ' seconds')::interval END,
           CASE WHEN g > ${N - R} THEN at + interval '3 days' ELSE NULL END,
           CASE WHEN g > ${N - R} THEN 'name-mismatch' ELSE NULL END
      FROM (SELECT g, (${arr(FIRST)})[1 + g % ${FIRST.length}] AS f, (${arr(LAST)})[1 + (g / ${FIRST.length}) % ${LAST.length}] AS l,
                   now() - ((${N} - g) * (3 * 365 * 86400.0 / ${N}) || ' seconds')::interval AS at
              FROM generate_series(1, ${N}) g) s`;
}
