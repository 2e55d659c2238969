// Reading what the SMTP catcher (scripts/smtp-catcher.ts) stored: <dir>/index.jsonl plus one
// <dir>/inbox/*.eml per message. `dir` is SMTP_CATCHER_DIR from .services/env for the shared
// catcher, or the dir of a private one started in-process with startSmtpCatcher().
import { promises as fsp } from "node:fs";
import path from "node:path";
import { simpleParser, type ParsedMail } from "mailparser";
import type { CaughtMessageRecord } from "../../scripts/smtp-catcher.js";

export type { CaughtMessageRecord };

export interface CaughtMessage extends CaughtMessageRecord {
  /** Absolute path of the .eml file. */
  path: string;
  /** The message exactly as received over SMTP. */
  raw: Buffer;
  /** mailparser's simpleParser result for `raw`. */
  parsed: ParsedMail;
}

export interface WaitForMessagesOptions {
  /** Give up after this long (default 10 s); the error lists what the store does hold. */
  timeoutMs?: number;
  /** Resolve once at least this many records match (default 1). */
  count?: number;
  /** Poll interval (default 50 ms). */
  intervalMs?: number;
}

/** The records of index.jsonl, oldest first; [] when nothing was caught yet. */
export async function readCaughtMessages(dir: string): Promise<CaughtMessageRecord[]> {
  let text: string;
  try {
    text = await fsp.readFile(path.join(dir, "index.jsonl"), "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw err;
  }
  const records: CaughtMessageRecord[] = [];
  const lines = text.split("\n");
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    try {
      records.push(JSON.parse(line) as CaughtMessageRecord);
    } catch (err) {
      // A line still being appended (last one, no newline yet) is skipped; anything else is a bug.
      if (i !== lines.length - 1) throw new Error(`${path.join(dir, "index.jsonl")} line ${i + 1}: ${(err as Error).message}`);
    }
  });
  return records;
}

/** Reads and parses the .eml of one record. */
export async function loadCaughtMessage(dir: string, record: CaughtMessageRecord): Promise<CaughtMessage> {
  const file = path.resolve(dir, record.file);
  const raw = await fsp.readFile(file);
  const parsed = await simpleParser(raw);
  return { ...record, path: file, raw, parsed };
}

/**
 * Polls the store until at least `count` records satisfy `predicate`, then returns all matching
 * messages (oldest first) with their raw and parsed contents.
 */
export async function waitForMessages(
  dir: string,
  predicate: (record: CaughtMessageRecord) => boolean,
  options: WaitForMessagesOptions = {},
): Promise<CaughtMessage[]> {
  const { timeoutMs = 10_000, count = 1, intervalMs = 50 } = options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const records = await readCaughtMessages(dir);
    const matching = records.filter(predicate);
    if (matching.length >= count) {
      return Promise.all(matching.map((r) => loadCaughtMessage(dir, r)));
    }
    if (Date.now() >= deadline) {
      const recent = records
        .slice(-5)
        .map((r) => `  ${r.receivedAt} ${r.from} -> ${r.to.join(", ")}: ${JSON.stringify(r.subject)}`)
        .join("\n");
      throw new Error(
        `waitForMessages: ${matching.length} of ${count} expected message(s) in ${dir} after ${timeoutMs} ms; ` +
          `the store holds ${records.length}${records.length ? `, latest:\n${recent}` : ""}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
