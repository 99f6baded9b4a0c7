import { promises as dns, type LookupAddress, type LookupOptions } from "node:dns";
import { isIP, type LookupFunction } from "node:net";
import { type AllowList, emptyAllowList, isAllowed, nonPublicRange } from "./address-policy";

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Turns a host name into addresses. Injectable so tests can point a DNS name at loopback. */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = async (hostname) => {
  const found = await dns.lookup(hostname, { all: true, verbatim: true });
  return found.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

export const BLOCKED_ADDRESS_CODE = "ESTAYKEY_BLOCKED_ADDRESS";

/** Raised instead of connecting; carries the host and address (never a URL, which may hold a token). */
export class BlockedAddressError extends Error {
  readonly code = BLOCKED_ADDRESS_CODE;
  constructor(
    readonly host: string,
    readonly address: string,
    readonly range: string,
  ) {
    super(`${host} resolves to ${address}, which is ${range} and not allowed`);
    this.name = "BlockedAddressError";
  }

  /** "127.0.0.1 is loopback" or "ha.lan resolves to 10.0.0.5 (private)". */
  get where(): string {
    return this.host === this.address ? `${this.host} is ${this.range}` : `${this.host} resolves to ${this.address} (${this.range})`;
  }
}

/** Ranges refused even for an allow-listed host or network; `null` when the address is not one of them. */
export type AlwaysRefused = (address: string) => string | null;

/** `null` when `host` may be reached at `address`, otherwise the error to fail with. */
export function refusalFor(host: string, address: string, allowList: AllowList, alwaysRefused?: AlwaysRefused): BlockedAddressError | null {
  const never = alwaysRefused?.(address);
  if (never) return new BlockedAddressError(host, address, never);
  if (isAllowed(host, address, allowList)) return null;
  const range = nonPublicRange(address);
  return range === null ? null : new BlockedAddressError(host, address, range);
}

export interface GuardedLookupOptions {
  resolver?: Resolver;
  allowList?: AllowList;
  alwaysRefused?: AlwaysRefused;
}

/**
 * A `dns.lookup` replacement for `http.request({ lookup })`. Node connects to exactly the addresses
 * this hands back, so checking them here leaves no gap for DNS rebinding between check and connect.
 * One disallowed address fails the whole lookup: a public name that also answers with a private
 * address is a rebinding attempt, not a dual-stack host.
 */
export function createGuardedLookup(options: GuardedLookupOptions = {}): LookupFunction {
  const resolver = options.resolver ?? systemResolver;
  const allowList = options.allowList ?? emptyAllowList;
  const { alwaysRefused } = options;

  return (hostname, lookupOptions, callback) => {
    const { family, all } = normalizeOptions(lookupOptions);
    resolver(hostname).then(
      (resolved) => {
        const wanted = resolved.filter((a) => family === 0 || a.family === family);
        if (wanted.length === 0) return callback(dnsError("ENOTFOUND", hostname), "", 0);
        for (const a of wanted) {
          const refusal = refusalFor(hostname, a.address, allowList, alwaysRefused);
          if (refusal) return callback(refusal, "", 0);
        }
        if (all) return callback(null, wanted as LookupAddress[]);
        const first = wanted[0] as ResolvedAddress;
        callback(null, first.address, first.family);
      },
      (err: unknown) => {
        const code = (err as NodeJS.ErrnoException | undefined)?.code ?? "EDNS";
        callback(dnsError(code, hostname), "", 0);
      },
    );
  };
}

/** What a client needs to reach only the addresses a policy allows, whether the URL names a host or an IP. */
export interface AddressGuard {
  /** For `http.request({ lookup })`: Node connects to exactly what this hands back. */
  lookup: LookupFunction;
  /** Node connects to an IP literal without calling `lookup`, so a literal is checked here, before any request. */
  refusalForLiteral(hostname: string): BlockedAddressError | null;
  /** Resolves and checks now (when a host saves a URL); `null` also when the name does not resolve yet. */
  check(hostname: string): Promise<BlockedAddressError | null>;
}

export function createAddressGuard(options: GuardedLookupOptions = {}): AddressGuard {
  const allowList = options.allowList ?? emptyAllowList;
  const lookup = createGuardedLookup(options);
  const refusalForLiteral = (hostname: string) => {
    const host = unbracket(hostname);
    return isIP(host) === 0 ? null : refusalFor(host, host, allowList, options.alwaysRefused);
  };
  return {
    lookup,
    refusalForLiteral,
    check: async (hostname) => {
      if (isIP(unbracket(hostname)) !== 0) return refusalForLiteral(hostname);
      return new Promise((resolve) => lookup(hostname, { all: true }, (err) => resolve(err instanceof BlockedAddressError ? err : null)));
    },
  };
}

/** URL keeps IPv6 literals in brackets; isIP wants them bare. */
const unbracket = (hostname: string) => (hostname.startsWith("[") && hostname.endsWith("]") ? hostname.slice(1, -1) : hostname);

function normalizeOptions(options: LookupOptions | number | undefined): { family: 0 | 4 | 6; all: boolean } {
  if (typeof options === "number") return { family: options === 4 || options === 6 ? options : 0, all: false };
  const f = options?.family;
  const family = f === 4 || f === "IPv4" ? 4 : f === 6 || f === "IPv6" ? 6 : 0;
  return { family, all: options?.all === true };
}

function dnsError(code: string, hostname: string): NodeJS.ErrnoException {
  const err: NodeJS.ErrnoException = new Error(`DNS lookup for ${hostname} failed (${code})`);
  err.code = code;
  return err;
}
