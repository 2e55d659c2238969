// The mailbox side of retention (issue 19): messages in the processed and attention folders that
// arrived (INTERNALDATE) before the cutoff. Each is tied to its request by Message-ID (or, without
// one, by the hash of its source, as intake keys it), so the plan can spare mail of an open or held
// request. Removal flags \Deleted and expunges just those UIDs (UID EXPUNGE where the server has
// UIDPLUS; imapflow's messageDelete picks it).
import { createHash } from "node:crypto";
import type { ImapFlow, SearchObject } from "imapflow";
import { DAY_MS, OPEN_STATES, type MailboxFact } from "../core/retention-plan.js";
import { serverFolderName, type PersonalNamespace } from "../mailbox/folder-names.js";
import type { Db } from "../store/prisma.js";
import { sql } from "../store/sql.js";
import { queryableOf } from "./retention-store.js";

export interface MailboxRetention {
  /** Messages of the folders that arrived before `cutoff`, with their request's state and holds. */
  facts(cutoff: Date): Promise<MailboxFact[]>;
  /** Every message of the folders sent from this (lower-cased) address (for an erasure). */
  fromSender(address: string): Promise<MailboxFact[]>;
  /** Deletes these messages; returns how many were removed. */
  remove(messages: readonly MailboxFact[]): Promise<number>;
}

interface Found {
  folder: string;
  uid: number;
  arrivedAt: Date;
  key: string | null;
  from: string | null;
}

/** Builds a client that is not connected yet: the caller passes src/mailbox/imap-client.ts's factory. */
export type OpenImapClient = () => ImapFlow | Promise<ImapFlow>;

async function withClient<T>(open: OpenImapClient, use: (c: ImapFlow) => Promise<T>): Promise<T> {
  const client = await open();
  client.on("error", () => undefined); // a dropped connection fails the awaited call instead
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.logout().catch(() => client.close());
  }
}

/** The server's personal namespace once connected (imapflow keeps it on the client, untyped). */
function namespaceOf(client: ImapFlow): PersonalNamespace | null {
  const ns = (client as unknown as { namespace?: { prefix?: string; delimiter?: string } }).namespace;
  return ns ? { prefix: ns.prefix ?? "", delimiter: ns.delimiter ?? "/" } : null;
}

async function exists(client: ImapFlow, folder: string): Promise<boolean> {
  return (await client.list()).some((m) => m.path === folder);
}

export function imapMailboxRetention(open: OpenImapClient, folders: readonly string[], db: Db): MailboxRetention {
  /** Messages of the folders that match `search` and pass `accept`, keyed as intake keys them. */
  const scan = async (search: SearchObject, accept: (m: { arrivedAt: Date; from: string | null }) => boolean): Promise<MailboxFact[]> => {
    const found: Found[] = [];
    await withClient(open, async (client) => {
      for (const configured of folders) {
        // The same folder names the reader files into (INBOX.PinMail.Processed on an "INBOX."/"." server).
        const folder = serverFolderName(configured, namespaceOf(client));
        if (!(await exists(client, folder))) continue;
        const lock = await client.getMailboxLock(folder);
        try {
          const uids = await client.search(search, { uid: true });
          if (!uids || !uids.length) continue;
          const noId: number[] = [];
          for await (const m of client.fetch(uids, { uid: true, internalDate: true, envelope: true }, { uid: true })) {
            const arrivedAt = m.internalDate ? new Date(m.internalDate) : null;
            const from = m.envelope?.from?.[0]?.address?.toLowerCase() ?? null;
            if (!arrivedAt || !accept({ arrivedAt, from })) continue;
            const key = m.envelope?.messageId?.trim() || null;
            if (!key) noId.push(m.uid);
            found.push({ folder, uid: m.uid, arrivedAt, key, from });
          }
          if (noId.length) {
            for await (const m of client.fetch(noId, { uid: true, source: true }, { uid: true })) {
              const f = found.find((x) => x.folder === folder && x.uid === m.uid);
              if (f && m.source) f.key = `sha256:${createHash("sha256").update(m.source).digest("hex")}`;
            }
          }
        } finally {
          lock.release();
        }
      }
    });
    return tie(db, found);
  };
  return {
    // SEARCH BEFORE compares dates only (in the server's zone): widen by a day, then keep exactly
    // what arrived before the cutoff.
    facts: (cutoff) => scan({ before: new Date(cutoff.getTime() + DAY_MS) }, (m) => m.arrivedAt < cutoff),
    // SEARCH FROM matches substrings of the header: keep only mail whose address is exactly this one.
    fromSender: (address) => scan({ from: address }, (m) => m.from === address),
    async remove(messages) {
      if (!messages.length) return 0;
      let removed = 0;
      await withClient(open, async (client) => {
        for (const folder of new Set(messages.map((m) => m.folder))) {
          const uids = messages.filter((m) => m.folder === folder).map((m) => m.uid);
          const lock = await client.getMailboxLock(folder);
          try {
            if (await client.messageDelete(uids, { uid: true })) removed += uids.length;
          } finally {
            lock.release();
          }
        }
      });
      return removed;
    },
  };
}

/** The state and holds of the request each message belongs to (the most open one when several). */
async function tie(db: Db, found: Found[]): Promise<MailboxFact[]> {
  const keys = [...new Set(found.map((f) => f.key).filter((k): k is string => !!k))];
  const froms = [...new Set(found.map((f) => f.from).filter((k): k is string => !!k))];
  const q = queryableOf(db);
  const rows = keys.length
    ? await q.query<{ key: string; state: string; held: boolean }>(sql`
        SELECT k.key, r.state,
               EXISTS (SELECT 1 FROM legal_holds h WHERE h.request_id = r.id OR h.email = r.sender OR h.email = u.email) AS held
          FROM unnest(${keys}::text[]) AS k(key)
          JOIN inbound_requests r ON r.message_key = k.key OR r.message_id = k.key
          LEFT JOIN portal_users u ON u.id = r.user_id`)
    : [];
  const heldPeople = new Set(
    froms.length ? (await q.query<{ email: string }>(sql`SELECT email FROM legal_holds WHERE email = ANY(${froms}::text[])`)).map((r) => r.email) : [],
  );
  return found.map((f) => {
    const mine = rows.filter((r) => r.key === f.key);
    const open = mine.find((r) => OPEN_STATES.includes(r.state));
    return {
      folder: f.folder,
      uid: f.uid,
      arrivedAt: f.arrivedAt,
      requestState: (open ?? mine[0])?.state ?? null,
      held: mine.some((r) => r.held) || (f.from !== null && heldPeople.has(f.from)),
    };
  });
}
