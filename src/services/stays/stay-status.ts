import { and, desc, eq, inArray, or, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { preparedOnce } from "../../db/prepared-once";
import { accessCodes, messages, type CodeState } from "../../db/schema";

export interface StayAccessStatus {
  codeStates: CodeState[];
  messageStatus: string | null;
}

/**
 * The guest-facing state of each stay: the states of its guest codes (one per lock, or a backup assigned
 * to it) and the status of the latest message about it. One query each for the whole page, not per stay, prepared
 * once per database with the ids as one JSON parameter (a page's list of ids rebuilt through the ORM cost more).
 */
export function stayAccessStatus(db: Db, accountId: string, stayIds: string[]): Map<string, StayAccessStatus> {
  const out = new Map<string, StayAccessStatus>(stayIds.map((id) => [id, { codeStates: [], messageStatus: null }]));
  if (stayIds.length === 0) return out;
  const q = statusQueries(db);
  const ids = { accountId, stayIds: JSON.stringify(stayIds) };
  const codes = q.codes.all(ids);
  for (const code of codes) {
    const entry = out.get(code.assignedStayId ?? code.stayId ?? "");
    if (entry && !entry.codeStates.includes(code.state)) entry.codeStates.push(code.state);
  }
  const msgs = q.messages.all(ids);
  for (const m of msgs) {
    const entry = out.get(m.stayId ?? "");
    if (entry && entry.messageStatus === null) entry.messageStatus = m.status;
  }
  return out;
}

const stayIdsIn = sql`(select value from json_each(${sql.placeholder("stayIds")}))`;

const statusQueries = preparedOnce((db: Db) => ({
  codes: db.select({ stayId: accessCodes.stayId, assignedStayId: accessCodes.assignedStayId, state: accessCodes.state })
    .from(accessCodes)
    .where(and(eq(accessCodes.accountId, sql.placeholder("accountId")), or(inArray(accessCodes.stayId, stayIdsIn), inArray(accessCodes.assignedStayId, stayIdsIn))))
    .prepare(),
  messages: db.select({ stayId: messages.stayId, status: messages.status })
    .from(messages)
    .where(and(eq(messages.accountId, sql.placeholder("accountId")), inArray(messages.stayId, stayIdsIn)))
    .orderBy(desc(messages.createdAt), desc(messages.id))
    .prepare(),
}));
