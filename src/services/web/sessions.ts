import { and, eq, gt, lt } from "drizzle-orm";
import type { Db } from "../../db/client";
import { accounts, passkeys, sessions, users } from "../../db/schema";
import type { CoreDeps } from "../../deps";
import type { Clock } from "../../lib/clock";
import { newId } from "../../lib/ids";
import { hashToken, newToken } from "../../lib/tokens";
import { openUserEmail } from "../contact-details/contact-details";
import { accountZone } from "../properties/property-views";
import { memberPropertyIds } from "../team/scope";

/** A working day plus slack: a host signs in once a day; a stolen cookie is useful for hours, not weeks. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

export interface Viewer {
  sessionId: string;
  userId: string;
  accountId: string;
  email: string;
  name: string | null;
  role: "owner" | "manager" | "cleaner";
  contactId: string | null;
  csrfToken: string;
  /** The properties a member is limited to; null: every property of the account. */
  propertyIds: string[] | null;
  /** The zone the viewer most likely reads times in (the one zone all the account's properties share), else null. */
  timeZone: string | null;
  /** The account requires a second factor and this member has none yet: only their security page opens. */
  mustAddSecondFactor: boolean;
}

export interface NewSession {
  /** `second_factor`: the first factor was right and a second is owed; the session opens no page until it is given. */
  stage?: "signed_in" | "second_factor";
  /** How it was signed in: `password`, `password+totp`, `passkey`, ... */
  method?: string;
  /** The browser's User-Agent. */
  device?: string | null;
  /** Shorter for a pending second factor. */
  ttlMs?: number;
}

/** Returns the cookie value; only its hash is stored, so a database leak does not sign anyone in. */
export function createSession(db: Db, clock: Clock, user: { id: string; accountId: string }, opts: NewSession = {}): { token: string; expiresAt: Date; sessionId: string } {
  const token = newToken("sks");
  const now = clock.now();
  const expiresAt = new Date(now.getTime() + (opts.ttlMs ?? SESSION_TTL_MS));
  const sessionId = newId("sess");
  // Expired rows are swept on sign-in so the table stays the size of the active user base.
  db.delete(sessions).where(lt(sessions.expiresAt, now)).run();
  db.insert(sessions)
    .values({
      id: sessionId, tokenHash: hashToken(token), userId: user.id, accountId: user.accountId, csrfToken: newToken("csrf"), createdAt: now, expiresAt, lastUsedAt: now,
      stage: opts.stage ?? "signed_in", method: opts.method ?? "password", device: opts.device ? opts.device.slice(0, 300) : null,
    })
    .run();
  return { token, expiresAt, sessionId };
}

/** Last use is stamped at most once a minute per session: the sessions list needs minutes, not every request. */
const LAST_USED_GRANULARITY_MS = 60_000;

/** The signed-in member behind a session cookie; null for none, an expired one, or one still owing a second factor. */
export function findViewer({ db, box, clock }: Pick<CoreDeps, "db" | "box" | "clock">, token: string | undefined): Viewer | null {
  if (!token) return null;
  const now = clock.now();
  const row = db
    .select({
      sessionId: sessions.id,
      csrfToken: sessions.csrfToken,
      lastUsedAt: sessions.lastUsedAt,
      userId: users.id,
      accountId: users.accountId,
      emailEnc: users.emailEnc,
      name: users.name,
      role: users.role,
      contactId: users.contactId,
      totpEnabledAt: users.totpEnabledAt,
      requireTwoFactor: accounts.requireTwoFactor,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(accounts, eq(accounts.id, users.accountId))
    .where(and(eq(sessions.tokenHash, hashToken(token)), gt(sessions.expiresAt, now), eq(sessions.stage, "signed_in")))
    .get();
  if (!row) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_GRANULARITY_MS) {
    db.update(sessions).set({ lastUsedAt: now }).where(eq(sessions.id, row.sessionId)).run();
  }
  const { emailEnc, lastUsedAt: _lastUsed, totpEnabledAt, requireTwoFactor, ...viewer } = row;
  const mustAddSecondFactor = requireTwoFactor && totpEnabledAt === null && !db.select({ id: passkeys.id }).from(passkeys).where(eq(passkeys.userId, row.userId)).get();
  return {
    ...viewer, email: openUserEmail(box, { id: row.userId, emailEnc }), propertyIds: memberPropertyIds(db, row.userId), timeZone: accountZone({ db }, row.accountId).zone, mustAddSecondFactor,
  };
}

export function endSession(db: Db, sessionId: string): void {
  db.delete(sessions).where(eq(sessions.id, sessionId)).run();
}
