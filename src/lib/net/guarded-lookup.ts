import { promises as dns, type LookupAddress, type LookupOptions } from "node:dns";
import type { LookupFunction } from "node:net";
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
}

/** `null` when `host` may be reached at `address`, otherwise the error to fail with. */
export function refusalFor(host: string, address: string, allowList: AllowList): BlockedAddressError | null {
  if (isAllowed(host, address, allowList)) return null;
  const range = nonPublicRange(address);
  return range === null ? null : new BlockedAddressError(host, address, range);
}

export interface GuardedLookupOptions {
  resolver?: Resolver;
  allowList?: AllowList;
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

  return (hostname, lookupOptions, callback) => {
    const { family, all } = normalizeOptions(lookupOptions);
    resolver(hostname).then(
      (resolved) => {
        const wanted = resolved.filter((a) => family === 0 || a.family === family);
        if (wanted.length === 0) return callback(dnsError("ENOTFOUND", hostname), "", 0);
        for (const a of wanted) {
          const refusal = refusalFor(hostname, a.address, allowList);
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
