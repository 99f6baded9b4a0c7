import { and, desc, eq, inArray, or } from "drizzle-orm";
import type { Db } from "../../db/client";
import { accessCodes, messages, type CodeState } from "../../db/schema";

export interface StayAccessStatus {
  codeStates: CodeState[];
  messageStatus: string | null;
}

/**
 * The guest-facing state of each stay: the states of its guest codes (one per lock, or a backup assigned
 * to it) and the status of the latest message about it. One query each for the whole page, not per stay.
 */
export function stayAccessStatus(db: Db, accountId: string, stayIds: string[]): Map<string, StayAccessStatus> {
  const out = new Map<string, StayAccessStatus>(stayIds.map((id) => [id, { codeStates: [], messageStatus: null }]));
  if (stayIds.length === 0) return out;
  const codes = db
    .select({ stayId: accessCodes.stayId, assignedStayId: accessCodes.assignedStayId, state: accessCodes.state })
    .from(accessCodes)
    .where(and(eq(accessCodes.accountId, accountId), or(inArray(accessCodes.stayId, stayIds), inArray(accessCodes.assignedStayId, stayIds))))
    .all();
  for (const code of codes) {
    const entry = out.get(code.assignedStayId ?? code.stayId ?? "");
    if (entry && !entry.codeStates.includes(code.state)) entry.codeStates.push(code.state);
  }
  const msgs = db
    .select({ stayId: messages.stayId, status: messages.status })
    .from(messages)
    .where(and(eq(messages.accountId, accountId), inArray(messages.stayId, stayIds)))
    .orderBy(desc(messages.createdAt), desc(messages.id))
    .all();
  for (const m of msgs) {
    const entry = out.get(m.stayId ?? "");
    if (entry && entry.messageStatus === null) entry.messageStatus = m.status;
  }
  return out;
}
