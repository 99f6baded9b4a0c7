import { and, eq, isNull } from "drizzle-orm";
import { generateSecret, generateURI, verify } from "otplib";
import QRCode from "qrcode";
import { recoveryCodes, users } from "../../db/schema";
import { randomBytes } from "node:crypto";
import { newId } from "../../lib/ids";
import { recordAudit } from "../audit/record-audit";
import type { ServiceDeps } from "../deps";
import { conflict, invalidField } from "../errors";
import { lookups } from "../lookups";
import { openUserEmail } from "../contact-details/contact-details";

const totpAd = (userId: string) => `user.totp:${userId}`;
/** One step either side: a phone clock a little off still signs in, and a code lives at most ~90 s. */
const EPOCH_TOLERANCE_S = 30;
export const RECOVERY_CODE_COUNT = 10;

type Deps = Pick<ServiceDeps, "db" | "box" | "clock">;

/** `xxxx-xxxx-xx`: 50 bits from an alphabet without look-alikes, typed once when the phone is lost. */
function newRecoveryCode(): string {
  const alphabet = "23456789abcdefghjkmnpqrstuvwxyz";
  const bytes = randomBytes(10);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]).join("");
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`;
}
const recoveryHash = (deps: Pick<ServiceDeps, "box">, userId: string, code: string) => deps.box.hash(`recovery:${userId}:${code.trim().toLowerCase().replace(/[^a-z0-9]/g, "")}`);

/**
 * Starts TOTP enrolment: a new secret (sealed to the user), and what the authenticator app scans. It is not in use
 * until `confirmTotp` proves the app has it; enrolling again replaces an unconfirmed secret.
 */
export async function startTotpEnrolment(deps: Deps, userId: string, accountName: string): Promise<{ secret: string; uri: string; qrSvg: string }> {
  const user = deps.db.select().from(users).where(eq(users.id, userId)).get()!;
  if (user.totpEnabledAt) throw conflict("an authenticator app is already set up; turn it off first to set up another");
  const secret = generateSecret();
  deps.db.update(users).set({ totpSecretEnc: deps.box.encrypt(secret, totpAd(userId)), totpLastStep: null }).where(eq(users.id, userId)).run();
  const uri = generateURI({ issuer: `staykey (${accountName})`, label: openUserEmail(deps.box, user), secret });
  const qrSvg = await QRCode.toString(uri, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
  return { secret, uri, qrSvg };
}

/**
 * A code from the user's authenticator, accepted once: the 30-second step it belongs to must be later than the last
 * one accepted, so a code seen over a shoulder (or replayed from a log) is refused even within its minute.
 */
export async function acceptTotpCode(deps: Deps, userId: string, code: string): Promise<boolean> {
  const user = deps.db.select().from(users).where(eq(users.id, userId)).get();
  if (!user?.totpSecretEnc || !/^\d{6}$/.test(code.trim())) return false;
  const secret = deps.box.decrypt(user.totpSecretEnc, totpAd(userId));
  const epoch = Math.floor(deps.clock.now().getTime() / 1000);
  const result = await verify({ secret, token: code.trim(), epoch, epochTolerance: EPOCH_TOLERANCE_S });
  if (!result.valid) return false;
  // The RFC 6238 step the code belongs to (the current one, or one either side within the tolerance).
  const step = Math.floor(epoch / 30) + result.delta;
  // Claimed by a conditional update: two requests racing with the same code cannot both pass.
  const claimed = deps.db.$client
    .prepare("update users set totp_last_step = ? where id = ? and (totp_last_step is null or totp_last_step < ?)")
    .run(step, userId, step);
  return claimed.changes === 1;
}

/** Confirms enrolment with a first code and returns the 10 recovery codes, shown once (only their keyed hashes are kept). */
export async function confirmTotp(deps: Deps, user: { id: string; accountId: string }, code: string): Promise<string[]> {
  const row = deps.db.select().from(users).where(eq(users.id, user.id)).get()!;
  if (row.totpEnabledAt) throw conflict("an authenticator app is already set up");
  if (!(await acceptTotpCode(deps, user.id, code))) throw invalidField("code", "that code is not right; check the app shows staykey and try the next code");
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  const now = deps.clock.now();
  deps.db.transaction(() => {
    deps.db.update(users).set({ totpEnabledAt: now }).where(eq(users.id, user.id)).run();
    deps.db.delete(recoveryCodes).where(eq(recoveryCodes.userId, user.id)).run();
    for (const c of codes) deps.db.insert(recoveryCodes).values({ id: newId("rcv"), userId: user.id, codeHash: recoveryHash(deps, user.id, c), createdAt: now }).run();
    recordAudit(deps.db, deps.clock, { accountId: user.accountId, actor: `user:${user.id}`, action: "auth.totp.enable", subjectType: "user", subjectId: user.id });
  });
  return codes;
}

/** A recovery code, each good once. */
export function useRecoveryCode(deps: Deps, userId: string, code: string): boolean {
  const hash = recoveryHash(deps, userId, code);
  const used = deps.db
    .update(recoveryCodes)
    .set({ usedAt: deps.clock.now() })
    .where(and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.codeHash, hash), isNull(recoveryCodes.usedAt)))
    .run();
  return used.changes === 1;
}

export function recoveryCodesLeft(deps: Pick<ServiceDeps, "db">, userId: string): number {
  return deps.db.select({ id: recoveryCodes.id }).from(recoveryCodes).where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt))).all().length;
}

/** Turns TOTP off (after the caller re-checked a factor); its recovery codes go with it. */
export function disableTotp(deps: Deps, user: { id: string; accountId: string }): void {
  deps.db.transaction(() => {
    deps.db.update(users).set({ totpSecretEnc: null, totpEnabledAt: null, totpLastStep: null }).where(eq(users.id, user.id)).run();
    deps.db.delete(recoveryCodes).where(eq(recoveryCodes.userId, user.id)).run();
    recordAudit(deps.db, deps.clock, { accountId: user.accountId, actor: `user:${user.id}`, action: "auth.totp.disable", subjectType: "user", subjectId: user.id });
  });
}

export const hasTotp = (deps: Pick<ServiceDeps, "db">, accountId: string, userId: string) => lookups.member.find(deps.db, accountId, userId).totpEnabledAt !== null;
