// Structured logs. PINs and passwords never reach a log: the redaction list below is a
// safety net; code does not pass them in the first place.
import { pino, type Logger } from "pino";

export type { Logger };

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: { service: "pinmail" },
      redact: { paths: ["pin", "*.pin", "password", "*.password", "PIN_SECRET", "token"], censor: "[redacted]" },
    },
    destination ?? pino.destination({ fd: 2, sync: false }),
  );
}
