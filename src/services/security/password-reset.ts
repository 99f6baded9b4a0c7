import { and, count, eq, gt, isNull } from "drizzle-orm";
import { passwordResets, sessions, users } from "../../db/schema";
import { newId } from "../../lib/ids";
import { hashPassword } from "../../lib/password";
import { hashToken, newToken } from "../../lib/tokens";
import { findUserByEmail } from "../accounts/create-account";
import { recordAudit } from "../audit/record-audit";
import { openUserEmail } from "../contact-details/contact-details";
import { insertAccountNotice, sendAccountNotice } from "../delivery/account-notices";
import type { ServiceDeps } from "../deps";
import { conflict, notFound } from "../errors";
import { checkChosenPassword } from "./change-password";

/** An hour: enough to open the mail, short enough that an old mailbox is no way in. */
export const RESET_TTL_MS = 60 * 60 * 1000;
/** Links outstanding per member: a form cannot be used to flood someone's inbox. */
const MAX_OPEN_RESETS = 3;

/**
 * "Forgot password": emails a single-use link (SMTP, or the outbox when none is configured) when the email has a
 * sign-in, and does nothing otherwise. The caller answers the same either way, so the form tells no one who has an
 * account. `baseUrl` must be the server's public URL: a link built from a request's Host header could point elsewhere.
 */
export async function requestPasswordReset(deps: ServiceDeps, email: string, baseUrl: string): Promise<void> {
  const user = findUserByEmail(deps, email);
  if (!user) return;
  const now = deps.clock.now();
  const open = deps.db.select({ n: count() }).from(passwordResets).where(and(eq(passwordResets.userId, user.id), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, now))).get()!.n;
  if (open >= MAX_OPEN_RESETS) return;
  const token = newToken("pwr");
  const text = (link: string) => `Someone asked to reset your staykey password. To choose a new one, open this link within an hour: ${link}\nIf it was not you, ignore this email; your password stays as it is.`;
  const notice = deps.db.transaction(() => {
    deps.db.insert(passwordResets).values({ id: newId("pwr"), userId: user.id, tokenHash: hashToken(token), createdAt: now, expiresAt: new Date(now.getTime() + RESET_TTL_MS) }).run();
    recordAudit(deps.db, deps.clock, { accountId: user.accountId, actor: `user:${user.id}`, action: "auth.password.reset_request", subjectType: "user", subjectId: user.id });
    return insertAccountNotice(deps.db, deps, {
      accountId: user.accountId, channel: "email", to: openUserEmail(deps.box, user), purpose: "password_reset", subject: "Reset your staykey password",
      body: text(`${baseUrl}/reset/${token}`), maskedBody: text("[link hidden]"),
    });
  });
  await sendAccountNotice(deps, notice);
}

/** Whether a reset link can still be used (unknown, used and expired ones alike answer false). */
export function resetLinkWorks(deps: Pick<ServiceDeps, "db" | "clock">, token: string): boolean {
  return Boolean(openReset(deps, token));
}

function openReset(deps: Pick<ServiceDeps, "db" | "clock">, token: string) {
  return deps.db.select().from(passwordResets).where(and(eq(passwordResets.tokenHash, hashToken(token)), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, deps.clock.now()))).get();
}

/** Sets the new password through the link, once; every session of the member ends, as does every other open link. */
export async function resetPassword(deps: Pick<ServiceDeps, "db" | "clock">, token: string, password: string): Promise<void> {
  const reset = openReset(deps, token);
  if (!reset) throw notFound("password reset link");
  checkChosenPassword(password);
  const passwordHash = await hashPassword(password);
  const now = deps.clock.now();
  deps.db.transaction(() => {
    const claimed = deps.db.update(passwordResets).set({ usedAt: now }).where(and(eq(passwordResets.id, reset.id), isNull(passwordResets.usedAt))).run();
    if (!claimed.changes) throw conflict("this link was used already");
    deps.db.update(passwordResets).set({ usedAt: now }).where(and(eq(passwordResets.userId, reset.userId), isNull(passwordResets.usedAt))).run();
    deps.db.update(users).set({ passwordHash }).where(eq(users.id, reset.userId)).run();
    const ended = deps.db.delete(sessions).where(eq(sessions.userId, reset.userId)).run().changes;
    const user = deps.db.select({ accountId: users.accountId }).from(users).where(eq(users.id, reset.userId)).get()!;
    recordAudit(deps.db, deps.clock, { accountId: user.accountId, actor: `user:${reset.userId}`, action: "auth.password.reset", subjectType: "user", subjectId: reset.userId, detail: { sessionsEnded: ended } });
  });
}
