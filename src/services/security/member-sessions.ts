import { and, desc, eq, gt, ne } from "drizzle-orm";
import { sessions } from "../../db/schema";
import { recordAudit } from "../audit/record-audit";
import type { ServiceDeps } from "../deps";
import { notFound } from "../errors";

export interface SessionView {
  id: string;
  device: string | null;
  method: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  current: boolean;
}

/** A member's signed-in sessions, latest first, with the device and when each was last used. */
export function listMemberSessions(deps: Pick<ServiceDeps, "db" | "clock">, userId: string, currentSessionId: string): SessionView[] {
  return deps.db
    .select()
    .from(sessions)
    .where(and(eq(sessions.userId, userId), eq(sessions.stage, "signed_in"), gt(sessions.expiresAt, deps.clock.now())))
    .orderBy(desc(sessions.createdAt))
    .all()
    .map((s) => ({ id: s.id, device: s.device, method: s.method, createdAt: s.createdAt, lastUsedAt: s.lastUsedAt, current: s.id === currentSessionId }));
}

/** Ends one of the member's own sessions (another member's id reads as missing); its next request is signed out. */
export function revokeMemberSession(deps: Pick<ServiceDeps, "db" | "clock">, member: { userId: string; accountId: string }, sessionId: string): void {
  const gone = deps.db.delete(sessions).where(and(eq(sessions.id, sessionId), eq(sessions.userId, member.userId))).run();
  if (!gone.changes) throw notFound(`session ${sessionId}`);
  recordAudit(deps.db, deps.clock, { accountId: member.accountId, actor: `user:${member.userId}`, action: "auth.session.revoke", subjectType: "session", subjectId: sessionId });
}

/** Ends every session of the member but this one. */
export function revokeOtherSessions(deps: Pick<ServiceDeps, "db" | "clock">, member: { userId: string; accountId: string }, keepSessionId: string): number {
  const gone = deps.db.delete(sessions).where(and(eq(sessions.userId, member.userId), ne(sessions.id, keepSessionId))).run().changes;
  recordAudit(deps.db, deps.clock, { accountId: member.accountId, actor: `user:${member.userId}`, action: "auth.session.revoke_others", subjectType: "user", subjectId: member.userId, detail: { ended: gone } });
  return gone;
}
