import { Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import type { AllowList } from "../../lib/net/address-policy";
import type { Resolver } from "../../lib/net/guarded-lookup";

/** Sockets per host: a sync of many listings on one platform reuses these instead of a handshake per feed. */
const SOCKETS_PER_HOST = 32;
const TOTAL_SOCKETS = 256;
/** Shorter than the common 5 s server keep-alive, so we close an idle socket before the server does. */
const IDLE_MS = 4_000;

interface FeedAgents {
  http: HttpAgent;
  https: HttpsAgent;
}

const DEFAULT_RESOLVER = {};
const pools = new WeakMap<AllowList, WeakMap<object, FeedAgents>>();

/**
 * The keep-alive agent for feed fetches under one address policy (allow list + resolver).
 *
 * Safe for the SSRF guard because the agent only ever opens a socket through the request's guarded `lookup` (and
 * literal IPs are refused before a request is made), and a reused socket is still connected to the address that
 * was checked when it was opened. Pools are per policy, so a socket opened under a permissive allow list can never
 * serve a fetch made under a stricter one; a pool goes away with its allow list.
 */
export function feedAgentFor(protocol: string, allowList: AllowList, resolver: Resolver | undefined): HttpAgent {
  let byResolver = pools.get(allowList);
  if (!byResolver) {
    byResolver = new WeakMap();
    pools.set(allowList, byResolver);
  }
  const key = resolver ?? DEFAULT_RESOLVER;
  let agents = byResolver.get(key);
  if (!agents) {
    const options = { keepAlive: true, maxSockets: SOCKETS_PER_HOST, maxFreeSockets: SOCKETS_PER_HOST, maxTotalSockets: TOTAL_SOCKETS, timeout: IDLE_MS, scheduling: "lifo" as const };
    agents = { http: new HttpAgent(options), https: new HttpsAgent(options) };
    byResolver.set(key, agents);
  }
  return protocol === "https:" ? agents.https : agents.http;
}
