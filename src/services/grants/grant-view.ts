import { inArray } from "drizzle-orm";
import type { Db } from "../../db/client";
import type { GrantRow, LockRow } from "../../db/rows";
import { locks } from "../../db/schema";
import type { GrantStatus } from "../../domain/access";
import type { Clock } from "../../lib/clock";
import type { SecretBox } from "../../lib/crypto";
import { openGrantContact } from "../contact-details/contact-details";
import { effectiveStatus, grantCodes, grantLocks } from "./grant-records";
import { nativeOneTime } from "./plan-grant";

/** How a limited-uses grant's count is kept, in words for the host (the issue asks for it plainly in the answer). */
export type UsesEnforcement = "lock" | "door_activity";

export interface GrantView {
  grant: GrantRow;
  status: GrantStatus;
  phone: string | null;
  email: string | null;
  locks: Array<{ id: string; name: string }>;
  codes: Array<{ id: string; lockId: string; state: string; validFrom: Date; validTo: Date; oneTimeUse: boolean; lastError: string | null }>;
  usesEnforcement: UsesEnforcement | null;
  usesNote: string | null;
}

/**
 * Where the lock spends a one-time code itself (Seam's is_one_time_use) the count is the lock's; elsewhere staykey
 * counts the unlocks door activity reports and removes the code after the Nth, and a lock that reports none leaves it
 * working until its window ends.
 */
function usesOf(grant: GrantRow, lockRows: Array<Pick<LockRow, "provider">>): Pick<GrantView, "usesEnforcement" | "usesNote"> {
  if (grant.kind !== "limited_uses") return { usesEnforcement: null, usesNote: null };
  if (lockRows.length > 0 && lockRows.every((l) => nativeOneTime(grant, l))) {
    return { usesEnforcement: "lock", usesNote: "Set on the lock as a one-time code: the lock itself refuses it after the first entry." };
  }
  const n = `${grant.maxUses} ${grant.maxUses === 1 ? "entry" : "entries"}`;
  return {
    usesEnforcement: "door_activity",
    usesNote: `staykey counts the unlocks these locks report and removes the code from every lock after ${n}. A lock that reports no unlocks cannot be counted: there the code keeps working until the window ends, then it is removed.`,
  };
}

/** A grant as the API and the dashboard show it: status as of now, the person's details opened, its doors and its codes (no PIN). */
export function grantView(deps: { db: Db; box: SecretBox; clock: Clock }, grant: GrantRow): GrantView {
  const lockRows = grantLocks(deps.db, grant);
  const codes = grantCodes(deps.db, grant.id);
  const names = new Map(lockRows.map((l) => [l.id, l.name]));
  const missing = [...new Set(codes.map((c) => c.lockId).filter((id) => !names.has(id)))];
  if (missing.length > 0) for (const l of deps.db.select({ id: locks.id, name: locks.name }).from(locks).where(inArray(locks.id, missing)).all()) names.set(l.id, l.name);
  const contact = openGrantContact(deps.box, grant);
  return {
    grant,
    status: effectiveStatus(grant, deps.clock.now()),
    phone: contact.phone,
    email: contact.email,
    locks: lockRows.map((l) => ({ id: l.id, name: l.name })).sort((a, b) => a.name.localeCompare(b.name)),
    codes: codes.sort((a, b) => a.validFrom.getTime() - b.validFrom.getTime())
      .map((c) => ({ id: c.id, lockId: c.lockId, state: c.state, validFrom: c.validFrom, validTo: c.validTo, oneTimeUse: c.oneTimeUse, lastError: c.lastError })),
    ...usesOf(grant, lockRows),
  };
}
