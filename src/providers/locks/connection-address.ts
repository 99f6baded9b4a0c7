import { linkLocalOrMetadata, type AllowList } from "../../lib/net/address-policy";
import { createAddressGuard, type AddressGuard, type Resolver } from "../../lib/net/guarded-lookup";

/**
 * Where a lock connection's URL may lead: public addresses, plus what the operator allows with
 * `STAYKEY_LOCK_ALLOW_HOSTS` (a Home Assistant on the LAN is normal), but never link-local or a cloud metadata
 * address, allow-listed or not: a request there would carry the connection's token to whoever answers.
 */
export function lockAddressGuard(allowList: AllowList, resolver?: Resolver): AddressGuard {
  return createAddressGuard({ allowList, alwaysRefused: linkLocalOrMetadata, ...(resolver ? { resolver } : {}) });
}

/** Why a host's lock-controller URL is refused (checked when it is saved; every call checks again), or `null`. */
export async function connectionUrlProblem(baseUrl: string, guard: AddressGuard): Promise<string | null> {
  const refusal = await guard.check(new URL(baseUrl).hostname);
  if (!refusal) return null;
  return linkLocalOrMetadata(refusal.address)
    ? `${refusal.where}: lock connections never reach link-local or cloud metadata addresses`
    : `${refusal.where}: only public addresses, unless the operator allows this host in STAYKEY_LOCK_ALLOW_HOSTS`;
}
