import { runWorker } from "../../workers/worker";
import { isQueueName, QUEUE_NAMES } from "../jobs/queues";
import { CliUsageError, type CliCommand } from "./types";

export const workerCommand: CliCommand = {
  name: "worker",
  summary: "Run job processors (BullMQ when REDIS_URL is set, else the embedded SQLite queue) until SIGTERM",
  usage: `staykey worker [--queues ${QUEUE_NAMES.join(",")}]`,
  async run(args, io) {
    const flag = args.flags["queues"];
    let queues: string[] | undefined;
    if (flag !== undefined) {
      if (typeof flag !== "string") throw new CliUsageError("--queues needs a comma-separated list");
      queues = flag.split(",").map((q) => q.trim()).filter(Boolean);
      const unknown = queues.filter((q) => !isQueueName(q));
      if (unknown.length > 0 || queues.length === 0) {
        throw new CliUsageError(`unknown queue(s): ${unknown.join(", ") || "(none given)"}; known: ${QUEUE_NAMES.join(", ")}`);
      }
    }
    await runWorker({ env: io.env, queues });
    return 0;
  },
};
