// Reads the verdict of our own receiving server from Authentication-Results (RFC 8601). Only the
// topmost header carrying MAIL_AUTHSERV_ID counts: anything below it, or with another id, could
// have been written by the sender.
export type SenderAuthPolicy = { authservId: string | undefined; require: boolean };
/** pass: our server vouches for the From domain; fail: it does not (or says it failed); none: nothing to go by. */
export type SenderAuthStatus = "pass" | "fail" | "none";
export type SenderAuthVerdict = { decision: "proceed" | "review"; status: SenderAuthStatus; reason: string };

interface Result {
  method: string;
  result: string;
  props: Record<string, string>;
}

function parseHeader(value: string): { authservId: string; results: Result[] } | null {
  const unfolded = value.replace(/\r?\n[ \t]+/g, " ").replace(/\([^()]*\)/g, " ");
  const parts = unfolded
    .split(";")
    .map((p) => p.trim())
    .filter(Boolean);
  const head = parts.shift();
  if (!head) return null;
  const authservId = head.split(/\s+/)[0]!.toLowerCase();
  const results: Result[] = [];
  for (const part of parts) {
    const tokens = part.split(/\s+/);
    const m = /^([a-z0-9-]+)=([a-z]+)$/i.exec(tokens[0] ?? "");
    if (!m) continue;
    const props: Record<string, string> = {};
    for (const t of tokens.slice(1)) {
      const kv = /^([a-z0-9.-]+)=(.+)$/i.exec(t);
      if (kv) props[kv[1]!.toLowerCase()] = kv[2]!.replace(/^"|"$/g, "").toLowerCase();
    }
    results.push({ method: m[1]!.toLowerCase(), result: m[2]!.toLowerCase(), props });
  }
  return { authservId, results };
}

function aligned(domain: string | undefined, fromDomain: string): boolean {
  if (!domain) return false;
  const d = domain.replace(/^.*@/, "");
  // Relaxed alignment: same domain or one a subdomain of the other's organizational domain.
  return d === fromDomain || d.endsWith(`.${fromDomain}`) || fromDomain.endsWith(`.${d}`);
}

/** `headerValues` are the Authentication-Results values in the order they appear (topmost first). */
export function checkSenderAuth(headerValues: readonly string[], fromAddress: string, policy: SenderAuthPolicy): SenderAuthVerdict {
  const pass = (reason: string): SenderAuthVerdict => ({ decision: "proceed", status: "pass", reason });
  const fail = (reason: string): SenderAuthVerdict => ({ decision: "review", status: "fail", reason });
  const none = (reason: string): SenderAuthVerdict => ({ decision: "proceed", status: "none", reason });
  if (!policy.authservId) return none("sender authentication not configured; mailbox filtering trusted");
  const id = policy.authservId.toLowerCase();
  const ours = headerValues.map(parseHeader).find((h) => h?.authservId === id);
  const fromDomain = fromAddress.replace(/^.*@/, "").toLowerCase();
  // A DMARC verdict speaks for the domain in its header.from: it counts only when that is the From
  // domain we would answer (a pass for attacker.example says nothing about northwind.example). A
  // fail counts whatever domain it names: the server and pinmail then read different From headers.
  const dmarcs = ours?.results.filter((r) => r.method === "dmarc") ?? [];
  if (dmarcs.some((r) => r.result === "fail")) return fail("DMARC failed");
  const dmarc = dmarcs.find((r) => r.props["header.from"] === fromDomain);
  if (!policy.require) return dmarc?.result === "pass" ? pass("DMARC pass") : none(dmarc ? `DMARC ${dmarc.result}` : "no DMARC fail reported");
  if (!ours) return fail(`no Authentication-Results from ${policy.authservId}`);
  if (dmarc) return dmarc.result === "pass" ? pass("DMARC pass") : fail(`DMARC ${dmarc.result}`);
  const spf = ours.results.find((r) => r.method === "spf" && r.result === "pass" && aligned(r.props["smtp.mailfrom"], fromDomain));
  const dkim = ours.results.find((r) => r.method === "dkim" && r.result === "pass" && aligned(r.props["header.d"] ?? r.props["header.i"], fromDomain));
  if (spf || dkim) return pass(spf ? "aligned SPF pass" : "aligned DKIM pass");
  return fail("no DMARC result and no aligned SPF or DKIM pass");
}

/**
 * The start-up line about sender authentication (issue 13.7): said plainly when it is off, since
 * then anyone who writes from a registered address with that person's name gets a PIN issued.
 */
export function describeSenderAuth(env: "development" | "production", policy: SenderAuthPolicy): { off: boolean; message: string } {
  if (!policy.authservId) {
    return {
      off: true,
      message: `sender authentication is OFF (PINMAIL_ENV=${env}, MAIL_AUTHSERV_ID not set): forged senders are not detected; production requires MAIL_AUTHSERV_ID`,
    };
  }
  if (!policy.require) {
    return {
      off: false,
      message: `sender authentication is partial: a DMARC fail reported by ${policy.authservId} goes to review, but a missing pass does not (REQUIRE_SENDER_AUTH=false, PINMAIL_ENV=${env})`,
    };
  }
  return { off: false, message: `sender authentication is on: requests need a pass from ${policy.authservId} (PINMAIL_ENV=${env})` };
}
