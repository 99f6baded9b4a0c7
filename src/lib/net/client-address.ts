import ipaddr from "ipaddr.js";
import { isAllowed, type AllowList } from "./address-policy";

/**
 * The address a request came from, for limits and consent records. The socket's peer is the client unless it is a
 * proxy the operator trusts (`STAYKEY_TRUSTED_PROXIES`); then the right-most `X-Forwarded-For` entry that is not
 * itself a trusted proxy is. Entries left of it were written by the client and are never believed, so a client cannot
 * pick its own address by sending the header. An IPv4-mapped IPv6 address is given as IPv4.
 */
export function clientAddress(peer: string | undefined, forwardedFor: string | undefined, trusted: AllowList): string {
  let current = normalise(peer);
  if (current === null) return "unknown";
  if (trusted.networks.length === 0 || !forwardedFor) return current;
  const hops = forwardedFor.split(",").map((h) => h.trim()).filter((h) => h !== "");
  while (isAllowed("", current, trusted)) {
    const next = hops.pop();
    if (next === undefined) break;
    const parsed = normalise(next);
    // A hop a trusted proxy wrote that is not an address: stop at the last one known to be real.
    if (parsed === null) break;
    current = parsed;
  }
  return current;
}

function normalise(raw: string | undefined): string | null {
  if (!raw) return null;
  const bare = raw.startsWith("[") && raw.includes("]") ? raw.slice(1, raw.indexOf("]")) : raw;
  if (!ipaddr.isValid(bare)) return null;
  const addr = ipaddr.parse(bare);
  if (addr.kind() === "ipv6" && (addr as ipaddr.IPv6).isIPv4MappedAddress()) return (addr as ipaddr.IPv6).toIPv4Address().toString();
  return addr.toString();
}
