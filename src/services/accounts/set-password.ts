import { eq } from "drizzle-orm";
import { sessions, users } from "../../db/schema";
import type { CoreDeps } from "../../deps";
import { checkNewPassword, hashPassword } from "../../lib/password";
import { findUserByEmail } from "./create-account";

/**
 * Sets any user's (owner, manager or cleaner) dashboard password and ends their sessions: a password set because
 * the old one leaked must not leave a cookie signed in with it. Null when no user has that email.
 */
export async function setUserPassword(
  deps: Pick<CoreDeps, "db" | "box">,
  email: string,
  password: string,
): Promise<{ userId: string; sessionsEnded: number } | null> {
  const { db } = deps;
  checkNewPassword(password);
  const user = findUserByEmail(deps, email);
  if (!user) return null;
  const passwordHash = await hashPassword(password);
  return db.transaction((tx) => {
    tx.update(users).set({ passwordHash }).where(eq(users.id, user.id)).run();
    const ended = tx.delete(sessions).where(eq(sessions.userId, user.id)).run();
    return { userId: user.id, sessionsEnded: ended.changes };
  });
}
