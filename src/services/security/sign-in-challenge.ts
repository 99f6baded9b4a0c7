import { lt } from "drizzle-orm";
import { authChallenges } from "../../db/schema";
import { constantTimeEqual } from "../../lib/crypto";
import type { ServiceDeps } from "../deps";

/**
 * The passwordless sign-in challenge travels with the page instead of living in the database: anyone may open the
 * sign-in page, so a stored challenge per view would let an anonymous visitor grow the database without bound.
 * The token carries the challenge and its expiry, MACed with the deployment's key together with the browser's
 * sign-in form cookie, so it is good only in the browser it was given to and only until it expires. Only a challenge
 * that a registered passkey actually signed is written down (until it expires), so the same answer cannot sign in twice.
 *
 * Format: `<challenge>.<expires ms>.<mac>`; the challenge is base64url, so the dots are unambiguous.
 */

const macOf = (deps: Pick<ServiceDeps, "box">, challenge: string, expiresMs: number, binding: string) =>
  deps.box.hash(`passkey_sign_in\n${challenge}\n${expiresMs}\n${binding}`);

export function issueSignInChallenge(deps: Pick<ServiceDeps, "box" | "clock">, challenge: string, ttlMs: number, binding: string): string {
  const expiresMs = deps.clock.now().getTime() + ttlMs;
  return `${challenge}.${expiresMs}.${macOf(deps, challenge, expiresMs, binding)}`;
}

/** The challenge a token carries when it is ours, unexpired, and was given to the browser presenting `binding`; else null. */
export function openSignInChallenge(deps: Pick<ServiceDeps, "box" | "clock">, token: string, binding: string): { challenge: string; expiresAt: Date } | null {
  const parts = token.split(".");
  if (parts.length !== 3 || !binding) return null;
  const [challenge, expires, mac] = parts as [string, string, string];
  const expiresMs = /^\d{1,15}$/.test(expires) ? Number(expires) : NaN;
  if (!/^[A-Za-z0-9_-]{16,128}$/.test(challenge) || !Number.isFinite(expiresMs)) return null;
  if (!constantTimeEqual(mac, macOf(deps, challenge, expiresMs, binding))) return null;
  if (expiresMs <= deps.clock.now().getTime()) return null;
  return { challenge, expiresAt: new Date(expiresMs) };
}

/**
 * Marks a signed challenge used; false when it already was. Called only after a known passkey's signature checked out,
 * so the rows it keeps are bounded by real sign-ins, and each is swept once its token has expired anyway.
 */
export function spendSignInChallenge(deps: Pick<ServiceDeps, "db" | "box" | "clock">, opened: { challenge: string; expiresAt: Date }): boolean {
  deps.db.delete(authChallenges).where(lt(authChallenges.expiresAt, deps.clock.now())).run();
  const inserted = deps.db
    .insert(authChallenges)
    .values({ id: `used_${deps.box.hash(opened.challenge).slice(0, 40)}`, purpose: "passkey_sign_in", userId: null, challenge: opened.challenge, expiresAt: opened.expiresAt })
    .onConflictDoNothing()
    .run();
  return inserted.changes === 1;
}
