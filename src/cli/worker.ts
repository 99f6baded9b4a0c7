import { runWorker } from "../runtime/run-worker";
import { isQueueName, QUEUE_NAMES } from "../jobs/queues";
import { stringFlag } from "./args";
import { CliUsageError, type CliIo, type ParsedArgs } from "./types";

export async function workerCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const flag = stringFlag(args, "queues");
  let queues: string[] | undefined;
  if (flag !== undefined) {
    queues = flag.split(",").map((q) => q.trim()).filter(Boolean);
    const unknown = queues.filter((q) => !isQueueName(q));
    if (unknown.length > 0 || queues.length === 0) {
      throw new CliUsageError(`unknown queue(s): ${unknown.join(", ") || "(none given)"}; known: ${QUEUE_NAMES.join(", ")}`);
    }
  }
  await runWorker({ env: io.env, queues });
  return 0;
}
