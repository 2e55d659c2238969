// The benchmark's mailbox: a Dovecot test user of its own (test-*, password "test", created on
// first login) and one folder per run. Appends go through a few connections in parallel, since
// one APPEND at a time cannot keep up with a paced stream when the server is busy.
import { ImapFlow } from "imapflow";

export interface ImapAccount {
  host: string;
  port: number;
  user: string;
  password: string;
}

export function imapClient(a: ImapAccount): ImapFlow {
  return new ImapFlow({
    host: a.host,
    port: a.port,
    secure: false,
    auth: { user: a.user, pass: a.password },
    logger: false,
    doSTARTTLS: false,
  } as ConstructorParameters<typeof ImapFlow>[0]);
}

export class Appender {
  private readonly free: ImapFlow[] = [];
  private readonly waiting: Array<(c: ImapFlow) => void> = [];
  private all: ImapFlow[] = [];

  private constructor(private readonly folder: string) {}

  static async open(account: ImapAccount, folder: string, connections: number): Promise<Appender> {
    const a = new Appender(folder);
    a.all = await Promise.all(
      Array.from({ length: connections }, async () => {
        const c = imapClient(account);
        await c.connect();
        return c;
      }),
    );
    a.free.push(...a.all);
    return a;
  }

  /** Appends one message; resolves with the time (performance.now()) the server confirmed it. */
  async append(raw: string): Promise<number> {
    const c = this.free.pop() ?? (await new Promise<ImapFlow>((r) => this.waiting.push(r)));
    try {
      await c.append(this.folder, raw);
      return performance.now();
    } finally {
      const next = this.waiting.shift();
      if (next) next(c);
      else this.free.push(c);
    }
  }

  async appendAll(raws: readonly string[]): Promise<number[]> {
    return Promise.all(raws.map((r) => this.append(r)));
  }

  async close(): Promise<void> {
    await Promise.all(this.all.map((c) => c.logout().catch(() => c.close())));
  }
}

export async function createFolder(account: ImapAccount, folder: string): Promise<void> {
  const c = imapClient(account);
  await c.connect();
  try {
    await c.mailboxCreate(folder).catch(() => undefined);
  } finally {
    await c.logout();
  }
}

/** Messages left in a folder (0 once a pipeline has moved everything out). */
export async function messagesIn(account: ImapAccount, folder: string): Promise<number> {
  const c = imapClient(account);
  await c.connect();
  try {
    const s = await c.status(folder, { messages: true });
    return s ? (s.messages ?? 0) : 0;
  } finally {
    await c.logout();
  }
}

export async function deleteFolders(account: ImapAccount, folders: readonly string[]): Promise<void> {
  const c = imapClient(account);
  await c.connect();
  try {
    // Children first: Dovecot refuses to delete a folder that still has subfolders.
    for (const f of [...folders].sort((a, b) => b.length - a.length)) await c.mailboxDelete(f).catch(() => undefined);
  } finally {
    await c.logout();
  }
}

/** Moves everything in `from` into `to` with one UID MOVE: a backlog that arrives at once. */
export async function moveAll(account: ImapAccount, from: string, to: string): Promise<void> {
  const c = imapClient(account);
  await c.connect();
  try {
    await c.mailboxOpen(from);
    await c.messageMove("1:*", to);
  } finally {
    await c.logout();
  }
}
