// `pinmail worker | web | start`: run until SIGINT/SIGTERM, then shut down cleanly.
import { loadRoleConfig, startService, type Role } from "../../main.js";
import { afterStartUp } from "../../runtime/heap.js";
import { UsageError } from "../usage-error.js";

export async function runServe(role: Role, args: string[]): Promise<number> {
  if (args.length) throw new UsageError(`unexpected argument "${args[0]}"`);
  const config = loadRoleConfig(role);
  const service = await startService(role, config);
  afterStartUp();
  await new Promise<void>((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      service.logger.info({ signal }, "signal received");
      // A second signal while draining means "now".
      process.once(signal, () => process.exit(130));
      void service.stop().then(resolve);
    };
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
  });
  return 0;
}
