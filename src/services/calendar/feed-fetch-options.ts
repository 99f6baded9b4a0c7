import type { Config } from "../../config";
import { parseAllowList } from "../../lib/net/address-policy";
import type { ServiceDeps } from "../deps";

/**
 * The fetch options every sync uses, from the environment. `STAYKEY_FEED_ALLOW_HOSTS` is the only way to reach a
 * private or loopback feed (a PMS on the LAN, tests); a malformed entry throws at start rather than being ignored.
 */
export function feedFetchOptionsFromConfig(config: Pick<Config, "STAYKEY_FEED_ALLOW_HOSTS">): ServiceDeps["feedFetch"] {
  return { allowList: parseAllowList(config.STAYKEY_FEED_ALLOW_HOSTS) };
}
