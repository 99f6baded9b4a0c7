import { and, eq, lte } from "drizzle-orm";
import ipaddr from "ipaddr.js";
import type { Db } from "../../db/client";
import type { SignInThrottleRow } from "../../db/rows";
import { signInThrottle } from "../../db/schema";
import type { Clock } from "../../lib/clock";
import type { SecretBox } from "../../lib/crypto";

const MINUTE = 60 * 1000;

export const SIGN_IN_LIMITS = {
  /** Failures one client address may make across every email per window: a password list sprayed over many emails. */
  perAddress: 20,
  addressWindowMs: 15 * MINUTE,
  /** Failures an email may have before each further attempt on it waits. */
  freePerEmail: 5,
  /** The wait doubles from 2 s with each further failure up to this, so a guesser is slowed and the owner is never shut out for longer. */
  maxEmailDelayMs: 15 * MINUTE,
  /** An email's failures are forgotten a day after the last one, or at once when someone signs in with it. */
  forgetEmailAfterMs: 24 * 60 * MINUTE,
};

/** How long after an email's latest failure the next attempt must wait: nothing for the first five, then 2 s, 4 s, 8 s … capped at 15 minutes. */
export function emailDelayMs(failures: number): number {
  if (failures < SIGN_IN_LIMITS.freePerEmail) return 0;
  return Math.min(2 ** (failures - SIGN_IN_LIMITS.freePerEmail + 1) * 1000, SIGN_IN_LIMITS.maxEmailDelayMs);
}

/** IPv4 addresses one by one; IPv6 by /64, the block one customer is usually given (else each would have 2^64 tries). */
function addressBlock(ip: string): string {
  if (!ipaddr.isValid(ip)) return ip;
  const address = ipaddr.process(ip);
  if (address.kind() === "ipv4") return address.toString();
  return `${(address as ipaddr.IPv6).toNormalizedString().split(":").slice(0, 4).join(":")}::/64`;
}

/** Forgotten rows are deleted at most this often per database, not on every failed sign-in. */
const SWEEP_EVERY_MS = MINUTE;
const lastSweep = new WeakMap<Db, number>();

type Scope = SignInThrottleRow["scope"];

/**
 * Failed dashboard sign-ins, per client address across all emails and per email across all addresses, in SQLite so a
 * restart forgets nothing. An address that fails too often is refused until its window ends; an email is never locked:
 * after a few failures each further attempt waits longer (exponential backoff), so an attacker can slow the owner down
 * but not shut them out for more than the longest wait.
 *
 * An attempt is claimed (counted as a failure) before the password is checked and given back when it succeeds, so a
 * burst of parallel guesses cannot all pass the check while the first ones are still being verified.
 */
export class LoginRateLimit {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly box: Pick<SecretBox, "hash">,
  ) {}

  /** Claims one attempt: 0 when it may go ahead, else the milliseconds until one may. */
  claim(email: string, ip: string): number {
    const now = this.clock.now().getTime();
    this.sweep(now);
    const keys = this.keys(email, ip);
    return this.db.transaction(
      (tx) => {
        const address = this.read(tx, "ip", keys.ip);
        const sameWindow = address !== undefined && now - address.windowStartedAt.getTime() < SIGN_IN_LIMITS.addressWindowMs;
        const addressFailures = sameWindow ? address.failures : 0;
        const addressWait = addressFailures >= SIGN_IN_LIMITS.perAddress ? address!.windowStartedAt.getTime() + SIGN_IN_LIMITS.addressWindowMs - now : 0;

        const byEmail = this.read(tx, "email", keys.email);
        const remembered = byEmail !== undefined && now - byEmail.lastFailureAt.getTime() < SIGN_IN_LIMITS.forgetEmailAfterMs;
        const emailFailures = remembered ? byEmail.failures : 0;
        const emailWait = remembered ? byEmail.lastFailureAt.getTime() + emailDelayMs(emailFailures) - now : 0;

        const wait = Math.max(addressWait, emailWait, 0);
        if (wait > 0) return wait;
        const at = new Date(now);
        this.write(tx, "ip", keys.ip, addressFailures + 1, sameWindow ? address.windowStartedAt : at, at);
        this.write(tx, "email", keys.email, emailFailures + 1, remembered ? byEmail.windowStartedAt : at, at);
        return 0;
      },
      // Take the write lock before reading, so two processes cannot both read the same count and both go ahead.
      { behavior: "immediate" },
    );
  }

  /**
   * The claimed attempt signed in: the email starts afresh, and the address gets its attempt back so people behind one
   * NAT signing in do not use up its limit. (Someone with an account of their own can thereby try more emails from one
   * address, but each email still has its own backoff.)
   */
  recordSuccess(email: string, ip: string): void {
    const keys = this.keys(email, ip);
    this.db.transaction((tx) => {
      tx.delete(signInThrottle).where(and(eq(signInThrottle.scope, "email"), eq(signInThrottle.keyHash, keys.email))).run();
      const address = this.read(tx, "ip", keys.ip);
      if (address && address.failures > 0) {
        tx.update(signInThrottle)
          .set({ failures: address.failures - 1 })
          .where(and(eq(signInThrottle.scope, "ip"), eq(signInThrottle.keyHash, keys.ip)))
          .run();
      }
    });
  }

  private keys(email: string, ip: string) {
    return { email: this.box.hash(`sign-in:email:${email.trim().toLowerCase()}`), ip: this.box.hash(`sign-in:ip:${addressBlock(ip)}`) };
  }

  private read(tx: Pick<Db, "select">, scope: Scope, keyHash: string) {
    return tx.select().from(signInThrottle).where(and(eq(signInThrottle.scope, scope), eq(signInThrottle.keyHash, keyHash))).get();
  }

  private write(tx: Pick<Db, "insert">, scope: Scope, keyHash: string, failures: number, windowStartedAt: Date, lastFailureAt: Date) {
    tx.insert(signInThrottle)
      .values({ scope, keyHash, failures, windowStartedAt, lastFailureAt })
      .onConflictDoUpdate({ target: [signInThrottle.scope, signInThrottle.keyHash], set: { failures, windowStartedAt, lastFailureAt } })
      .run();
  }

  private sweep(now: number) {
    if (now - (lastSweep.get(this.db) ?? -Infinity) < SWEEP_EVERY_MS) return;
    lastSweep.set(this.db, now);
    // Address windows (15 min) end long before a day; an email's failures are forgotten after one.
    this.db.delete(signInThrottle).where(lte(signInThrottle.lastFailureAt, new Date(now - SIGN_IN_LIMITS.forgetEmailAfterMs))).run();
  }
}
