import ipaddr from "ipaddr.js";

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/**
 * Why an address may not be fetched from, or `null` when it is an ordinary public unicast address.
 * Anything ipaddr.js puts in a named range (private, loopback, reserved, documentation, benchmarking,
 * AS112, AMT…) is refused: a calendar feed never lives there, and an attacker-chosen URL could reach
 * cloud metadata, the local Redis or a LAN router through it.
 */
export function nonPublicRange(ip: string): string | null {
  let parsed: Address;
  try {
    parsed = ipaddr.parse(ip);
  } catch {
    return "invalid";
  }
  return parsed.kind() === "ipv4" ? v4Range(parsed as ipaddr.IPv4) : v6Range(parsed as ipaddr.IPv6);
}

export function isPublicAddress(ip: string): boolean {
  return nonPublicRange(ip) === null;
}

function v4Range(addr: ipaddr.IPv4): string | null {
  const range = addr.range();
  return range === "unicast" ? null : range;
}

const GLOBAL_UNICAST_V6 = ipaddr.IPv6.parseCIDR("2000::/3");

function v6Range(addr: ipaddr.IPv6): string | null {
  const range = addr.range();
  // 64:ff9b::/96 is the well-known NAT64 prefix; 64:ff9b:1::/48 is for local use only.
  if (range === "rfc6052" && addr.parts[2] !== 0) return range;
  // Mapped, NAT64, 6to4 and Teredo addresses carry an IPv4 address the packet really ends up at, so that decides
  // (Teredo carries the relay server and the client: both must be public).
  const [, ...carried] = carriedAddresses(addr);
  if (carried.length > 0) return carried.map((v4) => embedded(range, v4 as ipaddr.IPv4)).find((r) => r !== null) ?? null;
  // ipaddr.js calls everything unnamed "unicast", including ::/96 (IPv4-compatible) and unassigned space.
  if (range === "unicast") return addr.match(GLOBAL_UNICAST_V6) ? null : "reserved";
  return range;
}

function v4FromParts(high: number | undefined, low: number | undefined): ipaddr.IPv4 {
  const h = (high ?? 0) & 0xffff;
  const l = (low ?? 0) & 0xffff;
  return new ipaddr.IPv4([h >> 8, h & 0xff, l >> 8, l & 0xff]);
}

function embedded(range: string, v4: ipaddr.IPv4): string | null {
  const inner = v4Range(v4);
  return inner === null ? null : `${range} of ${inner} ${v4.toString()}`;
}

/** Cloud instance-metadata endpoints outside link-local: AWS's IPv6 IMDS and Alibaba Cloud's. */
const METADATA_ADDRESSES: ReadonlyArray<Address> = [ipaddr.parse("fd00:ec2::254"), ipaddr.parse("100.100.100.200")];

/**
 * Why this address is link-local (169.254/16, where cloud metadata answers, and fe80::/10) or a metadata endpoint,
 * or `null`. No operator allow-list opens these to a request that carries a credential: a lock controller on the LAN
 * is normal, one on a link-local address is not. An IPv6 address that carries an IPv4 one is judged by both.
 */
export function linkLocalOrMetadata(ip: string): string | null {
  if (!ipaddr.isValid(ip)) return "invalid";
  const parsed = ipaddr.parse(ip);
  for (const addr of carriedAddresses(parsed)) {
    const carried = addr === parsed ? "" : ` (carries ${addr.toString()})`;
    if (addr.range() === "linkLocal") return `linkLocal${carried}`;
    if (METADATA_ADDRESSES.some((m) => m.kind() === addr.kind() && m.toNormalizedString() === addr.toNormalizedString())) return `cloud metadata${carried}`;
  }
  return null;
}

/** The address itself, plus the IPv4 address a mapped, NAT64, 6to4 or Teredo address ends up at (Teredo: server, client). */
function carriedAddresses(addr: Address): Address[] {
  if (addr.kind() === "ipv4") return [addr];
  const v6 = addr as ipaddr.IPv6;
  const p = v6.parts;
  switch (v6.range()) {
    case "ipv4Mapped":
    case "rfc6145":
    case "rfc6052":
      return [v6, v4FromParts(p[6], p[7])];
    case "6to4":
      return [v6, v4FromParts(p[1], p[2])];
    case "teredo":
      return [v6, v4FromParts(p[2], p[3]), v4FromParts(~(p[6] ?? 0), ~(p[7] ?? 0))];
    default:
      return [v6];
  }
}

/** Hosts and networks an operator explicitly trusts (`STAYKEY_FEED_ALLOW_HOSTS`), e.g. a PMS on the LAN. */
export interface AllowList {
  hosts: ReadonlySet<string>;
  networks: ReadonlyArray<[Address, number]>;
}

export const emptyAllowList: AllowList = { hosts: new Set(), networks: [] };

/** Parses `"ical.lan,10.0.0.0/8,::1/128,192.168.1.7"`; a bare IP means just that address. Throws on junk. */
export function parseAllowList(spec: string | undefined): AllowList {
  const hosts = new Set<string>();
  const networks: [Address, number][] = [];
  for (const raw of (spec ?? "").split(",")) {
    const entry = raw.trim();
    if (entry === "") continue;
    if (entry.includes("/")) {
      if (!ipaddr.isValidCIDR(entry)) throw new Error(`not a valid CIDR in allow list: ${entry}`);
      networks.push(ipaddr.parseCIDR(entry));
    } else if (ipaddr.isValid(unbracket(entry))) {
      const addr = ipaddr.parse(unbracket(entry));
      networks.push([addr, addr.kind() === "ipv4" ? 32 : 128]);
    } else if (/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\.?$/i.test(entry)) {
      hosts.add(normalizeHost(entry));
    } else {
      throw new Error(`not a host name, IP or CIDR in allow list: ${entry}`);
    }
  }
  return { hosts, networks };
}

/**
 * True when the operator allowed this host by name, or allowed a network containing the address.
 * A host allowed by name may resolve to anything: that is the point of naming it.
 */
export function isAllowed(host: string, ip: string, allowList: AllowList): boolean {
  if (allowList.hosts.has(normalizeHost(host))) return true;
  if (allowList.networks.length === 0 || !ipaddr.isValid(ip)) return false;
  let addr: Address = ipaddr.parse(ip);
  // ::ffff:10.0.0.5 is 10.0.0.5 on the wire, so an IPv4 network entry covers it.
  if (addr.kind() === "ipv6" && (addr as ipaddr.IPv6).isIPv4MappedAddress()) {
    addr = (addr as ipaddr.IPv6).toIPv4Address();
  }
  return allowList.networks.some(([net, bits]) => net.kind() === addr.kind() && addr.match(net, bits));
}

function normalizeHost(host: string): string {
  return unbracket(host).toLowerCase().replace(/\.$/, "");
}

function unbracket(host: string): string {
  return host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
}
