import { runWorker } from "../src/runtime/run-worker";

// `tsx workers/main.ts [queue,queue]`: the worker without the CLI, for process managers that want a plain entry.
const queues = process.argv[2]?.split(",").filter(Boolean);
runWorker({ queues }).then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
