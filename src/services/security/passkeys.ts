import { and, asc, eq, gt, lt } from "drizzle-orm";
import {
  generateAuthenticationOptions, generateRegistrationOptions, verifyAuthenticationResponse, verifyRegistrationResponse,
  type AuthenticationResponseJSON, type PublicKeyCredentialCreationOptionsJSON, type PublicKeyCredentialRequestOptionsJSON, type RegistrationResponseJSON,
} from "@simplewebauthn/server";
import { isoBase64URL } from "@simplewebauthn/server/helpers";
import type { AuthChallengeRow, PasskeyRow, UserRow } from "../../db/rows";
import { accounts, authChallenges, passkeys, users } from "../../db/schema";
import { newId } from "../../lib/ids";
import { recordAudit } from "../audit/record-audit";
import { openUserEmail } from "../contact-details/contact-details";
import type { ServiceDeps } from "../deps";
import { conflict, invalidField, notFound } from "../errors";
import { issueSignInChallenge, openSignInChallenge, spendSignInChallenge } from "./sign-in-challenge";

/** Where passkeys are bound: the site's host name (the RP ID) and the origin the browser reports. */
export interface RelyingParty {
  rpID: string;
  origin: string;
}

/** Long enough to find the phone or touch the key; a challenge is answered once and only before it expires. */
export const PASSKEY_CHALLENGE_TTL_MS = 5 * 60 * 1000;
const MAX_PASSKEYS = 20;

type Deps = Pick<ServiceDeps, "db" | "clock">;
type Purpose = AuthChallengeRow["purpose"];

/** A challenge to sign, stored to be claimed once. Expired ones are swept here, so the table stays small. */
function storeChallenge(deps: Deps, purpose: Purpose, userId: string | null, challenge: string): string {
  const now = deps.clock.now();
  const id = newId("chal");
  deps.db.delete(authChallenges).where(lt(authChallenges.expiresAt, now)).run();
  deps.db.insert(authChallenges).values({ id, purpose, userId, challenge, expiresAt: new Date(now.getTime() + PASSKEY_CHALLENGE_TTL_MS) }).run();
  return id;
}

/** Takes a challenge out: whatever the answer turns out to be, it cannot be answered again. */
function claimChallenge(deps: Deps, id: string, purpose: Purpose, userId: string | null): string | null {
  const row = deps.db
    .delete(authChallenges)
    .where(and(eq(authChallenges.id, id), eq(authChallenges.purpose, purpose), gt(authChallenges.expiresAt, deps.clock.now())))
    .returning()
    .get();
  if (!row || row.userId !== userId) return null;
  return row.challenge;
}

export interface PasskeyView {
  id: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

export function listPasskeys(deps: Pick<ServiceDeps, "db">, userId: string): PasskeyView[] {
  return deps.db.select({ id: passkeys.id, name: passkeys.name, createdAt: passkeys.createdAt, lastUsedAt: passkeys.lastUsedAt }).from(passkeys).where(eq(passkeys.userId, userId)).orderBy(asc(passkeys.createdAt)).all();
}

const userPasskeys = (deps: Pick<ServiceDeps, "db">, userId: string) => deps.db.select().from(passkeys).where(eq(passkeys.userId, userId)).all();
const descriptor = (p: PasskeyRow) => ({ id: p.id, ...(p.transports ? { transports: p.transports } : {}) });

/** Options for navigator.credentials.create: a discoverable credential, so it can also sign in without a password. */
export async function startPasskeyRegistration(deps: Pick<ServiceDeps, "db" | "box" | "clock">, userId: string, rp: RelyingParty): Promise<{ challengeId: string; options: PublicKeyCredentialCreationOptionsJSON }> {
  const user = deps.db.select().from(users).where(eq(users.id, userId)).get()!;
  const existing = userPasskeys(deps, userId);
  if (existing.length >= MAX_PASSKEYS) throw conflict(`you have ${MAX_PASSKEYS} passkeys already; remove one first`);
  const account = deps.db.select({ name: accounts.name }).from(accounts).where(eq(accounts.id, user.accountId)).get()!.name;
  const email = openUserEmail(deps.box, user);
  const options = await generateRegistrationOptions({
    rpName: `staykey (${account})`, rpID: rp.rpID, userName: email, userDisplayName: user.name ?? email,
    // The member id is the user handle a passwordless sign-in reports back.
    userID: new TextEncoder().encode(user.id),
    attestationType: "none",
    excludeCredentials: existing.map(descriptor),
    authenticatorSelection: { residentKey: "required", userVerification: "preferred" },
  });
  return { challengeId: storeChallenge(deps, "passkey_register", userId, options.challenge), options };
}

const parseJson = <T>(text: string): T | null => {
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === "object" ? (v as T) : null;
  } catch {
    return null;
  }
};

/** Verifies the browser's new credential against the stored challenge and keeps its public key. */
export async function finishPasskeyRegistration(
  deps: Deps, member: { userId: string; accountId: string }, input: { challengeId: string; name: string; credential: string }, rp: RelyingParty,
): Promise<PasskeyView> {
  const name = input.name.trim().slice(0, 60) || "Passkey";
  const challenge = claimChallenge(deps, input.challengeId, "passkey_register", member.userId);
  if (!challenge) throw invalidField("credential", "this passkey request expired; start again");
  const response = parseJson<RegistrationResponseJSON>(input.credential);
  if (!response) throw invalidField("credential", "the browser sent no passkey");
  let info;
  try {
    const result = await verifyRegistrationResponse({ response, expectedChallenge: challenge, expectedOrigin: rp.origin, expectedRPID: rp.rpID, requireUserVerification: false });
    info = result.verified ? result.registrationInfo : null;
  } catch {
    info = null;
  }
  if (!info) throw invalidField("credential", "the passkey could not be verified; try again");
  const { credential } = info;
  if (deps.db.select({ id: passkeys.id }).from(passkeys).where(eq(passkeys.id, credential.id)).get()) throw conflict("this passkey is already added");
  const now = deps.clock.now();
  deps.db.transaction(() => {
    deps.db.insert(passkeys).values({
      id: credential.id, userId: member.userId, name, publicKey: isoBase64URL.fromBuffer(credential.publicKey), counter: credential.counter,
      transports: credential.transports ?? null, createdAt: now,
    }).run();
    recordAudit(deps.db, deps.clock, { accountId: member.accountId, actor: `user:${member.userId}`, action: "auth.passkey.add", subjectType: "user", subjectId: member.userId, detail: { passkey: credential.id.slice(0, 12), name } });
  });
  return { id: credential.id, name, createdAt: now, lastUsedAt: null };
}

/**
 * Removes one of the member's own passkeys. When the account requires two-factor sign-in, the last second factor
 * (no authenticator app, no other passkey) stays.
 */
export function removePasskey(deps: Deps, member: { userId: string; accountId: string }, passkeyId: string): void {
  const row = deps.db.select().from(passkeys).where(and(eq(passkeys.id, passkeyId), eq(passkeys.userId, member.userId))).get();
  if (!row) throw notFound(`passkey ${passkeyId}`);
  const user = deps.db.select().from(users).where(eq(users.id, member.userId)).get()!;
  const required = deps.db.select({ r: accounts.requireTwoFactor }).from(accounts).where(eq(accounts.id, member.accountId)).get()!.r;
  if (required && !user.totpEnabledAt && userPasskeys(deps, member.userId).length === 1) {
    throw conflict("this account requires two-factor sign-in and this is your only second factor; add another first");
  }
  deps.db.transaction(() => {
    deps.db.delete(passkeys).where(eq(passkeys.id, row.id)).run();
    recordAudit(deps.db, deps.clock, { accountId: member.accountId, actor: `user:${member.userId}`, action: "auth.passkey.remove", subjectType: "user", subjectId: member.userId, detail: { passkey: row.id.slice(0, 12), name: row.name } });
  });
}

/** Options for navigator.credentials.get with the member's own passkeys, for the second step of a password sign-in. */
export async function startPasskeyAssertion(deps: Deps, userId: string, rp: RelyingParty): Promise<{ challengeId: string; options: PublicKeyCredentialRequestOptionsJSON }> {
  const options = await generateAuthenticationOptions({ rpID: rp.rpID, allowCredentials: userPasskeys(deps, userId).map(descriptor), userVerification: "preferred" });
  return { challengeId: storeChallenge(deps, "passkey_second_factor", userId, options.challenge), options };
}

/**
 * Options for a passwordless sign-in: no passkeys listed (the browser offers the site's discoverable ones), and the
 * challenge handed out as a signed token bound to `binding` (the sign-in form's cookie), not stored: see sign-in-challenge.
 */
export async function startPasskeySignIn(deps: Pick<ServiceDeps, "box" | "clock">, rp: RelyingParty, binding: string): Promise<{ challengeId: string; options: PublicKeyCredentialRequestOptionsJSON }> {
  const options = await generateAuthenticationOptions({ rpID: rp.rpID, userVerification: "required" });
  return { challengeId: issueSignInChallenge(deps, options.challenge, PASSKEY_CHALLENGE_TTL_MS, binding), options };
}

type Assertion = { user: UserRow; passkeyId: string };

/** The member's passkey signed the stored challenge it was given for the second step. */
export async function verifyPasskeyAssertion(deps: Deps, userId: string, input: { challengeId: string; credential: string }, rp: RelyingParty): Promise<Assertion | null> {
  const challenge = claimChallenge(deps, input.challengeId, "passkey_second_factor", userId);
  return challenge ? checkAssertion(deps, challenge, userId, input.credential, rp, () => true) : null;
}

/** A discoverable passkey signed the token's challenge, in the browser the token was given to, and not before. */
export async function verifyPasskeySignIn(deps: Pick<ServiceDeps, "db" | "box" | "clock">, input: { challengeId: string; credential: string }, rp: RelyingParty, binding: string): Promise<Assertion | null> {
  const opened = openSignInChallenge(deps, input.challengeId, binding);
  return opened ? checkAssertion(deps, opened.challenge, null, input.credential, rp, () => spendSignInChallenge(deps, opened)) : null;
}

/**
 * Checks a signed challenge: the credential is known (and, for a second factor, the member's), the signature holds,
 * `spend` accepts the challenge (once), and the sign counter moved on (a cloned authenticator shows itself by repeating
 * one). A passwordless sign-in (no member yet) also needs the authenticator to have verified the user (PIN or
 * biometrics), so it is two factors on its own. Returns the member and the passkey, or null.
 */
async function checkAssertion(deps: Deps, challenge: string, userId: string | null, credential: string, rp: RelyingParty, spend: () => boolean): Promise<Assertion | null> {
  const response = parseJson<AuthenticationResponseJSON>(credential);
  if (!response || typeof response.id !== "string") return null;
  const row = deps.db.select().from(passkeys).where(eq(passkeys.id, response.id)).get();
  if (!row || (userId !== null && row.userId !== userId)) return null;
  let verified;
  try {
    verified = await verifyAuthenticationResponse({
      response, expectedChallenge: challenge, expectedOrigin: rp.origin, expectedRPID: rp.rpID,
      credential: { id: row.id, publicKey: isoBase64URL.toBuffer(row.publicKey), counter: row.counter, ...(row.transports ? { transports: row.transports } : {}) },
      requireUserVerification: userId === null,
    });
  } catch {
    return null;
  }
  if (!verified.verified || !spend()) return null;
  // Claimed by a conditional update: the same assertion raced twice moves the counter once.
  const moved = deps.db.$client
    .prepare("update passkeys set counter = ?, last_used_at = ? where id = ? and (counter < ? or (counter = 0 and ? = 0))")
    .run(verified.authenticationInfo.newCounter, deps.clock.now().getTime(), row.id, verified.authenticationInfo.newCounter, verified.authenticationInfo.newCounter);
  if (moved.changes !== 1) return null;
  const user = deps.db.select().from(users).where(eq(users.id, row.userId)).get();
  return user ? { user, passkeyId: row.id } : null;
}
