// Fresh random secrets for tests. Config refuses placeholders and low-entropy strings (issue 13.6),
// and a fixed secret in a test file is one more public value someone may copy, so every test
// that needs a PIN_SECRET, an older secret or an ENROLLMENT_API_TOKEN takes one from here.
import { randomBytes } from "node:crypto";

/** A secret as `openssl rand -base64 48` makes one: 64 characters, passes config's checks. */
export function strongSecret(): string {
  return randomBytes(48).toString("base64");
}

/** Secrets for one test process; stable within it so separate modules can share them. */
export const TEST_SECRETS = {
  pinSecret: strongSecret(),
  previousPinSecret: strongSecret(),
  apiToken: strongSecret(),
} as const;
