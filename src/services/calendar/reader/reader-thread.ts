import { parentPort } from "node:worker_threads";
import { parseAllowList, type AllowList } from "../../../lib/net/address-policy";
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
 * One reader thread of the pool: fetches and reads feeds, several at once (fetching is I/O), and says when it starts
 * parsing one (the CPU-bound part the pool's deadline watches). Answers carry plain data only.
 */
parentPort!.on("message", ({ id, request, fetch }: ThreadRequest) => {
  const { allowHosts, ...options } = fetch;
  const fetchOptions = { ...options, allowList: allowListFor(allowHosts) };
  void fetchAndRead(request, fetchOptions, () => parentPort!.postMessage({ id, parsing: true })).then((read) => parentPort!.postMessage({ id, read }));
});
parentPort!.postMessage({ ready: true });
