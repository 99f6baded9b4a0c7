// A reader thread entry that answers every read with candidates that cannot be unpacked (a build whose two ends
// disagree): that feed must fail with a reason, and the main thread must carry on.
import { parentPort } from "node:worker_threads";

parentPort.on("message", ({ id }) => {
  const summary = { source: "airbnb", contentHash: "h", events: 1, eventCount: 1, skippedUids: [], warnings: 0 };
  parentPort.postMessage({ id, read: { status: "ok", finalUrl: "http://127.0.0.1/x.ics", reading: { ok: true, sameContent: false, summary, packed: ["only", "three", "values"] } } });
});
parentPort.postMessage({ ready: true });
