import { and, count, eq, gt } from "drizzle-orm";
import { accounts, knownDevices, passkeys, sessions, users } from "../../db/schema";
import type { UserRow } from "../../db/rows";
import { verifyPassword } from "../../lib/password";
import { hashToken } from "../../lib/tokens";
import { findUserByEmail } from "../accounts/create-account";
import { recordAudit } from "../audit/record-audit";
import { openUserEmail } from "../contact-details/contact-details";
import { insertAccountNotice, sendAccountNotice } from "../delivery/account-notices";
import type { ServiceDeps } from "../deps";
import { createSession } from "../web/sessions";
import { verifyPasskeyAssertion, verifyPasskeySignIn, type RelyingParty } from "./passkeys";
import { acceptTotpCode, useRecoveryCode } from "./totp";

// Verified when the email is unknown, so a wrong email takes as long as a wrong password.
const DUMMY_HASH = "scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

/** Long enough to find the phone and open the app; a pending sign-in opens nothing meanwhile. */
export const SECOND_FACTOR_TTL_MS = 10 * 60 * 1000;

export interface BrowserContext {
  /** The browser's User-Agent, for the sessions list and the new-device email. */
  device: string | null;
  /** The long-lived device cookie's value (made by the page when absent). */
  deviceToken: string;
}

export type SignedIn = { stage: "signed_in"; role: UserRow["role"]; token: string; expiresAt: Date };
export type SecondFactorOwed = { stage: "second_factor"; token: string; expiresAt: Date; methods: { totp: boolean; passkey: boolean } };

export function secondFactorsOf(deps: Pick<ServiceDeps, "db">, user: Pick<UserRow, "id" | "totpEnabledAt">) {
  const keys = deps.db.select({ n: count() }).from(passkeys).where(eq(passkeys.userId, user.id)).get()!.n;
  return { totp: user.totpEnabledAt !== null, passkey: keys > 0 };
}

const actorOf = (user: Pick<UserRow, "id">) => `user:${user.id}`;

/**
 * The password step. A wrong email, a user without a password and a wrong password all answer null in the same time;
 * a known user's failure is an audit event. A member with a second factor gets a pending sign-in that opens nothing
 * until `secondFactorStep` accepts a code; anyone else is signed in.
 */
export async function passwordStep(deps: ServiceDeps, email: string, password: string, browser: BrowserContext): Promise<SignedIn | SecondFactorOwed | null> {
  const user = email ? findUserByEmail(deps, email) : null;
  const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  if (!user) return null;
  if (!user.passwordHash || !ok) {
    recordAudit(deps.db, deps.clock, { accountId: user.accountId, actor: actorOf(user), action: "auth.sign_in", outcome: "error", subjectType: "user", subjectId: user.id, detail: { reason: "password" } });
    return null;
  }
  const methods = secondFactorsOf(deps, user);
  if (methods.totp || methods.passkey) {
    const pending = createSession(deps.db, deps.clock, user, { stage: "second_factor", method: "password", device: browser.device, ttlMs: SECOND_FACTOR_TTL_MS });
    return { stage: "second_factor", token: pending.token, expiresAt: pending.expiresAt, methods };
  }
  return completeSignIn(deps, user, "password", browser);
}

/** The member a pending sign-in belongs to, or null when there is none (or it expired). */
export function findPendingSignIn(deps: Pick<ServiceDeps, "db" | "clock">, token: string | undefined) {
  if (!token) return null;
  const row = deps.db
    .select({ sessionId: sessions.id, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, hashToken(token)), eq(sessions.stage, "second_factor"), gt(sessions.expiresAt, deps.clock.now())))
    .get();
  return row ? { sessionId: row.sessionId, user: row.user, methods: secondFactorsOf(deps, row.user) } : null;
}

/**
 * The second step: a code from the authenticator app (accepted once) or a recovery code (each once). The pending
 * session is replaced by a new one, so its cookie value is never the signed-in one.
 */
export async function secondFactorStep(deps: ServiceDeps, pendingToken: string, code: string, browser: BrowserContext): Promise<SignedIn | null> {
  const pending = findPendingSignIn(deps, pendingToken);
  if (!pending) return null;
  const { user } = pending;
  const typed = code.trim();
  let method: string | null = null;
  if (/^\d{6}$/.test(typed) && (await acceptTotpCode(deps, user.id, typed))) method = "password+totp";
  else if (!/^\d{6}$/.test(typed) && useRecoveryCode(deps, user.id, typed)) method = "password+recovery_code";
  if (!method) {
    recordAudit(deps.db, deps.clock, { accountId: user.accountId, actor: actorOf(user), action: "auth.sign_in", outcome: "error", subjectType: "user", subjectId: user.id, detail: { reason: "second_factor" } });
    return null;
  }
  deps.db.delete(sessions).where(eq(sessions.id, pending.sessionId)).run();
  return completeSignIn(deps, user, method, browser);
}

/** The second step with a passkey: the pending member's own, signing the challenge the page was given. */
export async function passkeySecondFactorStep(deps: ServiceDeps, pendingToken: string, input: { challengeId: string; credential: string }, rp: RelyingParty, browser: BrowserContext): Promise<SignedIn | null> {
  const pending = findPendingSignIn(deps, pendingToken);
  if (!pending) return null;
  const { user } = pending;
  const used = await verifyPasskeyAssertion(deps, user.id, input, rp);
  if (!used) {
    recordAudit(deps.db, deps.clock, { accountId: user.accountId, actor: actorOf(user), action: "auth.sign_in", outcome: "error", subjectType: "user", subjectId: user.id, detail: { reason: "passkey" } });
    return null;
  }
  deps.db.delete(sessions).where(eq(sessions.id, pending.sessionId)).run();
  recordAudit(deps.db, deps.clock, { accountId: user.accountId, actor: actorOf(user), action: "auth.passkey.use", subjectType: "user", subjectId: user.id, detail: { passkey: used.passkeyId.slice(0, 12), as: "second_factor" } });
  return completeSignIn(deps, user, "password+passkey", browser);
}

/**
 * A sign-in with a passkey alone: the authenticator verified the user (PIN or biometrics) and holds the key, which is
 * two factors, so it satisfies an account that requires two-factor sign-in. `binding` is the sign-in form's cookie the
 * challenge was issued to.
 */
export async function passkeySignIn(deps: ServiceDeps, input: { challengeId: string; credential: string }, rp: RelyingParty, binding: string, browser: BrowserContext): Promise<SignedIn | null> {
  const used = await verifyPasskeySignIn(deps, input, rp, binding);
  if (!used) return null;
  recordAudit(deps.db, deps.clock, { accountId: used.user.accountId, actor: actorOf(used.user), action: "auth.passkey.use", subjectType: "user", subjectId: used.user.id, detail: { passkey: used.passkeyId.slice(0, 12), as: "sign_in" } });
  return completeSignIn(deps, used.user, "passkey", browser);
}

/**
 * A full sign-in: the session, its audit event, and, from a browser the member never signed in from before (while
 * they have signed in from another), an email telling them, so a stolen password shows itself.
 */
export async function completeSignIn(deps: ServiceDeps, user: UserRow, method: string, browser: BrowserContext): Promise<SignedIn> {
  const session = createSession(deps.db, deps.clock, user, { method, device: browser.device });
  const now = deps.clock.now();
  const deviceHash = deps.box.hash(`device:${browser.deviceToken}`);
  const notice = deps.db.transaction(() => {
    const known = deps.db.select().from(knownDevices).where(eq(knownDevices.userId, user.id)).all();
    const seen = known.some((d) => d.deviceHash === deviceHash);
    deps.db.insert(knownDevices).values({ userId: user.id, deviceHash, firstSeenAt: now, lastSeenAt: now })
      .onConflictDoUpdate({ target: [knownDevices.userId, knownDevices.deviceHash], set: { lastSeenAt: now } }).run();
    const newDevice = !seen && known.length > 0;
    recordAudit(deps.db, deps.clock, { accountId: user.accountId, actor: actorOf(user), action: "auth.sign_in", subjectType: "user", subjectId: user.id, detail: { method, newDevice } });
    if (!newDevice) return null;
    const account = deps.db.select({ name: accounts.name }).from(accounts).where(eq(accounts.id, user.accountId)).get()?.name ?? "staykey";
    const body = `Someone signed in to your staykey account (${account}) from a new device: ${(browser.device ?? "unknown browser").slice(0, 120)}, at ${now.toISOString()}. If this was not you, change your password now and sign out of every session under Security.`;
    return insertAccountNotice(deps.db, deps, { accountId: user.accountId, channel: "email", to: openUserEmail(deps.box, user), purpose: "sign_in_notice", subject: "New sign-in to staykey", body, maskedBody: body });
  });
  if (notice) await sendAccountNotice(deps, notice);
  return { stage: "signed_in", role: user.role, token: session.token, expiresAt: session.expiresAt };
}
