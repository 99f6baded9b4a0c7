/** What attribution needs of a stored code: its window and whether it may still be on the lock. */
export interface AttributableCode {
  id: string;
  validFrom: Date;
  validTo: Date;
  createdAt: Date;
}

/**
 * Which of the lock's codes a keypad event names, when several carry the same reference (a slot reused stay after
 * stay, or a vendor code id re-created): the one whose window holds the moment of the event; else the latest one
 * already begun by then (a code used after its window, the security case); else the newest. Null when none match.
 */
export function attributeCode<T extends AttributableCode>(candidates: readonly T[], occurredAt: Date): T | null {
  if (candidates.length === 0) return null;
  const at = occurredAt.getTime();
  const newestFirst = [...candidates].sort((a, b) => b.validFrom.getTime() - a.validFrom.getTime() || b.createdAt.getTime() - a.createdAt.getTime());
  return (
    newestFirst.find((c) => c.validFrom.getTime() <= at && at < c.validTo.getTime()) ??
    newestFirst.find((c) => c.validFrom.getTime() <= at) ??
    newestFirst[0]!
  );
}
