import { and, eq, lte } from "drizzle-orm";
import ipaddr from "ipaddr.js";
import type { Db } from "../../db/client";
import type { GuestPageThrottleRow } from "../../db/rows";
import { guestPageThrottle } from "../../db/schema";
import type { Clock } from "../../lib/clock";
import type { SecretBox } from "../../lib/crypto";
import { ServiceError } from "../errors";

const MINUTE = 60_000;

/**
 * What the guest page lets one address and one stay try. A stay is identified by its reservation code and the last 4
 * digits of the phone, so 5 wrong tries per stay (then an hour's wait) leave a guesser a 1-in-2000 chance per hour at
 * a known reservation code; an address gets 20 failures across every stay it tries. Contact changes are counted too, so
 * a stolen link cannot be used to send texts to numbers one after another.
 */
export const GUEST_PAGE_LIMITS = {
  perStay: 5,
  perAddress: 20,
  windowMs: 60 * MINUTE,
  contactChangesPerStay: 10,
  contactWindowMs: 24 * 60 * MINUTE,
};

export type GuestThrottleKey =
  | { scope: "ip"; ip: string }
  | { scope: "stay"; stayId: string }
  | { scope: "stay"; contactOf: string };

/** IPv4 addresses one by one; IPv6 by /64, the block one customer is usually given. */
function addressBlock(ip: string): string {
  if (!ipaddr.isValid(ip)) return ip;
  const address = ipaddr.process(ip);
  if (address.kind() === "ipv4") return address.toString();
  return `${(address as ipaddr.IPv6).toNormalizedString().split(":").slice(0, 4).join(":")}::/64`;
}

const lastSweep = new WeakMap<Db, number>();

/**
 * Failed identifications and contact changes on the guest page, in SQLite so a restart forgets nothing and every
 * process sharing the file counts the same tries. Keys are keyed hashes: no address is stored.
 */
export class GuestPageThrottle {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly box: Pick<SecretBox, "hash">,
  ) {}

  /** Refuses (429 with Retry-After) when any of the keys has used up its tries. */
  check(keys: GuestThrottleKey[]): void {
    const now = this.clock.now().getTime();
    const wait = Math.max(0, ...keys.map((k) => this.waitFor(this.read(this.db, k), k, now)));
    if (wait > 0) throw tooMany(wait);
  }

  /** Counts one try against each key; throws 429 when this one used up a key's tries. */
  count(keys: GuestThrottleKey[]): void {
    const now = this.clock.now().getTime();
    this.sweep(now);
    const wait = this.db.transaction(
      (tx) => Math.max(0, ...keys.map((key) => {
        const row = this.read(tx, key);
        const limit = limitOf(key);
        const fresh = !row || now - row.windowStartedAt.getTime() >= limit.windowMs;
        const failures = fresh ? 1 : row.failures + 1;
        const windowStartedAt = fresh ? new Date(now) : row.windowStartedAt;
        tx.insert(guestPageThrottle)
          .values({ scope: key.scope, keyHash: this.keyHash(key), failures, windowStartedAt, lastFailureAt: new Date(now) })
          .onConflictDoUpdate({ target: [guestPageThrottle.scope, guestPageThrottle.keyHash], set: { failures, windowStartedAt, lastFailureAt: new Date(now) } })
          .run();
        return failures >= limit.max ? windowStartedAt.getTime() + limit.windowMs - now : 0;
      })),
      { behavior: "immediate" },
    );
    if (wait > 0) throw tooMany(wait);
  }

  private waitFor(row: GuestPageThrottleRow | undefined, key: GuestThrottleKey, now: number): number {
    if (!row) return 0;
    const limit = limitOf(key);
    const ends = row.windowStartedAt.getTime() + limit.windowMs;
    return row.failures >= limit.max && ends > now ? ends - now : 0;
  }

  private keyHash(key: GuestThrottleKey): string {
    if (key.scope === "ip") return this.box.hash(`guest-page:ip:${addressBlock(key.ip)}`);
    return this.box.hash("stayId" in key ? `guest-page:stay:${key.stayId}` : `guest-page:contact:${key.contactOf}`);
  }

  private read(tx: Pick<Db, "select">, key: GuestThrottleKey) {
    return tx.select().from(guestPageThrottle).where(and(eq(guestPageThrottle.scope, key.scope), eq(guestPageThrottle.keyHash, this.keyHash(key)))).get();
  }

  private sweep(now: number) {
    if (now - (lastSweep.get(this.db) ?? -Infinity) < MINUTE) return;
    lastSweep.set(this.db, now);
    this.db.delete(guestPageThrottle).where(lte(guestPageThrottle.lastFailureAt, new Date(now - GUEST_PAGE_LIMITS.contactWindowMs))).run();
  }
}

function limitOf(key: GuestThrottleKey) {
  if (key.scope === "ip") return { max: GUEST_PAGE_LIMITS.perAddress, windowMs: GUEST_PAGE_LIMITS.windowMs };
  if ("stayId" in key) return { max: GUEST_PAGE_LIMITS.perStay, windowMs: GUEST_PAGE_LIMITS.windowMs };
  return { max: GUEST_PAGE_LIMITS.contactChangesPerStay, windowMs: GUEST_PAGE_LIMITS.contactWindowMs };
}

const tooMany = (waitMs: number) => {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  return new ServiceError("rate_limited", `too many attempts; try again in ${Math.ceil(seconds / 60)} minutes`, undefined, seconds);
};
