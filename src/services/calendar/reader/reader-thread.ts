import { readlinkSync } from "node:fs";
import { getPriority, setPriority } from "node:os";
import { parentPort } from "node:worker_threads";
import { parseAllowList, type AllowList } from "../../../lib/net/address-policy";
import { packRead } from "./candidate-wire";
import { fetchAndRead, type FeedReadRequest, type FetchOptionsSpec } from "./feed-reader";

export interface ThreadRequest {
  id: number;
  request: FeedReadRequest;
  fetch: FetchOptionsSpec;
}

// One allow-list object per policy text: the keep-alive socket pools are per allow-list object (see feedAgentFor).
const allowLists = new Map<string, AllowList>();
function allowListFor(text: string): AllowList {
  let allowList = allowLists.get(text);
  if (!allowList) {
    allowList = parseAllowList(text);
    allowLists.set(text, allowList);
  }
  return allowList;
}

/**
 * Reading feeds is work that can wait a moment; the main thread (requests, and the one SQLite writer every sync
 * funnels through) cannot. On Linux a thread has its own nice value: this thread lowers its own, so when the cores
 * are short the main thread runs first and reads queue up here instead (bench/sync, issue 21). Elsewhere, or where
 * /proc is not mounted, nothing changes.
 */
// Mild, and relative to the process's own value (a service started under `nice` keeps its order): 4 steps lower, a
// reader still gets about 30% of a core against a busy main thread, so an unchanged pass (304s, where each read's
// round trip is the pace) slows little; bench/sync measured 10 steps no better for the cold sync.
const NICE_STEPS = 4;

function lowerOwnPriority(): void {
  try {
    const tid = Number(readlinkSync("/proc/thread-self").split("/").pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, Math.min(19, getPriority(tid) + NICE_STEPS));
  } catch {
    // not Linux: the thread keeps the process's priority
  }
}

/**
 * One reader thread of the pool: fetches and reads feeds, several at once (fetching is I/O), and says when it starts
 * parsing one (the CPU-bound part the pool's deadline watches). Answers carry plain data only, the candidates packed
 * (see candidate-wire).
 */
parentPort!.on("message", ({ id, request, fetch }: ThreadRequest) => {
  const { allowHosts, ...options } = fetch;
  const fetchOptions = { ...options, allowList: allowListFor(allowHosts) };
  void fetchAndRead(request, fetchOptions, () => parentPort!.postMessage({ id, parsing: true })).then((read) => parentPort!.postMessage({ id, read: packRead(read) }));
});
lowerOwnPriority();
parentPort!.postMessage({ ready: true });
