// Records for the benchmark: organizations of one primary and several secondary users, all
// recently active, so every request from a secondary user is a valid one that earns a PIN.
const FIRST = ["Maria", "Jean", "Amira", "Luc", "Priya", "Omar", "Chloe", "Noah", "Sofia", "Liam", "Ines", "Hugo", "Mei", "Arjun", "Lea", "Felix"];
const LAST = [
  "Santos",
  "Tremblay",
  "Haddad",
  "Gagnon",
  "Natarajan",
  "Roy",
  "Nguyen",
  "Martin",
  "Cote",
  "Singh",
  "Bouchard",
  "Fortin",
  "Kowalski",
  "Ortiz",
  "Dubois",
  "Chen",
];

export interface Requester {
  email: string;
  firstName: string;
  lastName: string;
}

export function benchRecords(organizations: number, perOrganization: number): { records: unknown; requesters: Requester[] } {
  const recent = new Date(Date.now() - 30 * 86_400_000).toISOString();
  const requesters: Requester[] = [];
  const orgs = [];
  for (let o = 0; o < organizations; o++) {
    const users = [];
    for (let u = 0; u < perOrganization; u++) {
      const n = o * perOrganization + u;
      const firstName = FIRST[n % FIRST.length]!;
      // Names need not be unique (the sender's address finds the record); digits would not parse.
      const lastName = LAST[Math.floor(n / FIRST.length) % LAST.length]!;
      const email = `user${n}@org${o}.bench.test`;
      users.push({ role: u === 0 ? "primary" : "secondary", firstName, lastName, email, lastSignInAt: recent });
      if (u > 0) requesters.push({ email, firstName, lastName });
    }
    orgs.push({ ref: `org${o}`, name: `Bench Organization ${o}`, branches: [], users });
  }
  return { records: { organizations: orgs }, requesters };
}
