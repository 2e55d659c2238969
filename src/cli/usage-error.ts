/** A command line the command cannot run with: exit code 2 and the usage text. */
export class UsageError extends Error {
  override name = "UsageError";
}
