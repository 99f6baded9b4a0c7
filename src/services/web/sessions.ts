import { and, eq, gt, lt } from "drizzle-orm";
import type { Db } from "../../db/client";
import { sessions, users } from "../../db/schema";
import type { CoreDeps } from "../../deps";
import type { Clock } from "../../lib/clock";
import { newId } from "../../lib/ids";
import { hashToken, newToken } from "../../lib/tokens";
import { openUserEmail } from "../contact-details/contact-details";

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
}

/** Returns the cookie value; only its hash is stored, so a database leak does not sign anyone in. */
export function createSession(db: Db, clock: Clock, user: { id: string; accountId: string }): { token: string; expiresAt: Date } {
  const token = newToken("sks");
  const now = clock.now();
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  // Expired rows are swept on sign-in so the table stays the size of the active user base.
  db.delete(sessions).where(lt(sessions.expiresAt, now)).run();
  db.insert(sessions)
    .values({ id: newId("sess"), tokenHash: hashToken(token), userId: user.id, accountId: user.accountId, csrfToken: newToken("csrf"), createdAt: now, expiresAt })
    .run();
  return { token, expiresAt };
}

export function findViewer({ db, box, clock }: Pick<CoreDeps, "db" | "box" | "clock">, token: string | undefined): Viewer | null {
  if (!token) return null;
  const row = db
    .select({
      sessionId: sessions.id,
      csrfToken: sessions.csrfToken,
      userId: users.id,
      accountId: users.accountId,
      emailEnc: users.emailEnc,
      name: users.name,
      role: users.role,
      contactId: users.contactId,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, hashToken(token)), gt(sessions.expiresAt, clock.now())))
    .get();
  if (!row) return null;
  const { emailEnc, ...viewer } = row;
  return { ...viewer, email: openUserEmail(box, { id: row.userId, emailEnc }) };
}

export function endSession(db: Db, sessionId: string): void {
  db.delete(sessions).where(eq(sessions.id, sessionId)).run();
}
