import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context } from "hono";
import type { Config } from "../config";
import { parseAllowList, type AllowList } from "../lib/net/address-policy";
import { clientAddress } from "../lib/net/client-address";

const trustedByConfig = new WeakMap<Config, AllowList>();

/** The client's address for this request (see lib/net/client-address), trusting the proxies the operator named. */
export function requestClientAddress(c: Context, config: Config): string {
  let trusted = trustedByConfig.get(config);
  if (!trusted) {
    trusted = parseAllowList(config.STAYKEY_TRUSTED_PROXIES);
    trustedByConfig.set(config, trusted);
  }
  let peer: string | undefined;
  try {
    peer = getConnInfo(c).remote.address;
  } catch {
    peer = undefined; // app.request() in tests has no socket
  }
  return clientAddress(peer, c.req.header("x-forwarded-for"), trusted);
}
