import { emptyAllowList, parseAllowList } from "../../lib/net/address-policy";
import type { ServiceDeps } from "../deps";

/**
 * The demo's feed is served by this very server on a loopback address, which the SSRF guard refuses. This allows
 * exactly that one address (a /32 or /128, not the loopback range) on top of the operator's own list, and only in the
 * deps of the demo process: `serve`, workers and every other command never call it, and nothing is written to the
 * environment. The address policy has no notion of ports, so while the demo runs a feed on that address at any port is
 * fetchable: the demo binds to loopback by default and is not meant to face the internet.
 */
export function withDemoFeedHost(feedFetch: ServiceDeps["feedFetch"], loopbackAddress: string): ServiceDeps["feedFetch"] {
  const base = feedFetch.allowList ?? emptyAllowList;
  const own = parseAllowList(loopbackAddress);
  if (loopbackAddress.includes("/") || own.hosts.size > 0 || own.networks.length !== 1) throw new Error(`the demo feed host must be one IP address, got ${loopbackAddress}`);
  return { ...feedFetch, allowList: { hosts: base.hosts, networks: [...base.networks, ...own.networks] } };
}
