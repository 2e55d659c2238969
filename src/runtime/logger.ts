// Structured logs. PINs and passwords never reach a log: the redaction list below is a
// safety net; code does not pass them in the first place.
import { Writable } from "node:stream";
import { pino, type Logger } from "pino";

export type { Logger };

export function createLogger(level: string, destination?: NodeJS.WritableStream, format: "json" | "text" = "json"): Logger {
  return pino(
    {
      level,
      base: { service: "pinmail" },
      redact: { paths: ["pin", "*.pin", "password", "*.password", "PIN_SECRET", "token"], censor: "[redacted]" },
    },
    format === "text" ? textLines(destination ?? process.stderr) : (destination ?? pino.destination({ fd: 2, sync: false })),
  );
}

const LEVELS: Record<number, string> = { 10: "trace", 20: "debug", 30: "info", 40: "warn", 50: "error", 60: "fatal" };

/** LOG_FORMAT=text (issue 20): each JSON entry (already redacted) as one line a person reads. */
function textLines(out: NodeJS.WritableStream): NodeJS.WritableStream {
  return new Writable({
    write(chunk: Buffer, _enc, done) {
      const lines = chunk.toString("utf8").split("\n").filter(Boolean);
      for (const line of lines) out.write(`${textLine(line)}\n`);
      done();
    },
  });
}

export function textLine(json: string): string {
  let e: Record<string, unknown>;
  try {
    e = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json;
  }
  const { level, time, msg, service: _s, pid: _p, hostname: _h, ...rest } = e;
  const at = typeof time === "number" ? new Date(time).toISOString().slice(11, 19) : "";
  const extra = Object.entries(rest)
    .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`)
    .join(" ");
  return `${at} ${LEVELS[level as number] ?? String(level)}: ${String(msg ?? "")}${extra ? `  (${extra})` : ""}`;
}
