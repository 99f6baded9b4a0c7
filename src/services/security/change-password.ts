import { and, eq, ne } from "drizzle-orm";
import { sessions, users } from "../../db/schema";
import { checkNewPassword, hashPassword, PasswordRejectedError, verifyPassword } from "../../lib/password";
import { recordAudit } from "../audit/record-audit";
import type { ServiceDeps } from "../deps";
import { invalidField } from "../errors";

/** The password a member chose, refused beside the field when too weak. */
export function checkChosenPassword(password: string, field = "password"): void {
  try {
    checkNewPassword(password);
  } catch (e) {
    if (e instanceof PasswordRejectedError) throw invalidField(field, e.message);
    throw e;
  }
}

/**
 * A signed-in member changes their password, proving the current one; every other session of theirs ends (a password
 * changed because it leaked must not leave a stolen cookie signed in), this one stays.
 */
export async function changePassword(deps: Pick<ServiceDeps, "db" | "clock">, member: { userId: string; accountId: string; sessionId: string }, current: string, next: string): Promise<void> {
  const user = deps.db.select().from(users).where(eq(users.id, member.userId)).get()!;
  if (!user.passwordHash || !(await verifyPassword(current, user.passwordHash))) throw invalidField("currentPassword", "that is not your current password");
  checkChosenPassword(next, "newPassword");
  const passwordHash = await hashPassword(next);
  deps.db.transaction(() => {
    deps.db.update(users).set({ passwordHash }).where(eq(users.id, user.id)).run();
    const ended = deps.db.delete(sessions).where(and(eq(sessions.userId, user.id), ne(sessions.id, member.sessionId))).run().changes;
    recordAudit(deps.db, deps.clock, { accountId: user.accountId, actor: `user:${user.id}`, action: "auth.password.change", subjectType: "user", subjectId: user.id, detail: { sessionsEnded: ended } });
  });
}

/** Re-checks the member's password before a change to their second factor. */
export async function passwordMatches(deps: Pick<ServiceDeps, "db">, userId: string, password: string): Promise<boolean> {
  const user = deps.db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, userId)).get();
  return Boolean(user?.passwordHash) && (await verifyPassword(password, user!.passwordHash!));
}
