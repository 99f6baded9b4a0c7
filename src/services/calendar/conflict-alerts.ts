import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { preparedOnce } from "../../db/prepared-once";
import { alerts, properties, stays } from "../../db/schema";
import { raiseAlert, resolveAlert, type AlertTransition } from "../alerts/alert-store";
import { notifyAlertChanges } from "../alerts/notify-alert-change";
import type { ServiceDeps } from "../deps";

const conflictKey = (a: string, b: string) => `stay_conflict:${[a, b].sort().join(":")}`;

/**
 * Two real reservations overlapping at one property is a double booking: the host must hear about it now, not at
 * the door. One critical alert per pair (re-raising an open one is a no-op), resolved when the overlap is gone.
 */
export async function reportConflicts(
  deps: Pick<ServiceDeps, "db" | "clock" | "jobs" | "logger" | "events">,
  feed: { accountId: string; propertyId: string },
  pairs: ReadonlyArray<readonly [string, string]>,
): Promise<void> {
  const { db, clock } = deps;
  const open = openConflictQuery(db).all({ accountId: feed.accountId, propertyId: feed.propertyId });
  if (pairs.length === 0 && open.length === 0) return;
  const property = db.select({ name: properties.name }).from(properties).where(eq(properties.id, feed.propertyId)).get();
  const ids = [...new Set(pairs.flat())];
  const dates = new Map(
    (ids.length ? db.select({ id: stays.id, in: stays.checkInDate, out: stays.checkOutDate }).from(stays).where(inArray(stays.id, ids)).all() : []).map((s) => [s.id, `${s.in} → ${s.out}`]),
  );
  const wanted = new Set<string>();
  const transitions: Array<AlertTransition | null> = [];
  for (const [a, b] of pairs) {
    const dedupeKey = conflictKey(a, b);
    wanted.add(dedupeKey);
    transitions.push(
      raiseAlert(db, clock, {
        accountId: feed.accountId,
        kind: "stay_conflict",
        severity: "critical",
        subjectType: "property",
        subjectId: feed.propertyId,
        dedupeKey,
        title: `Two bookings overlap at ${property?.name ?? "a property"}`,
        detail: `Stay ${a} (${dates.get(a) ?? "?"}) overlaps stay ${b} (${dates.get(b) ?? "?"}). Both guests would get a code; cancel one on its platform.`,
      }),
    );
  }
  for (const { dedupeKey } of open) if (!wanted.has(dedupeKey)) transitions.push(resolveAlert(db, clock, feed.accountId, dedupeKey));
  await notifyAlertChanges(deps, transitions.filter((t) => t === null || t.change !== "updated"));
}

// Every changed sync asks it.
const openConflictQuery = preparedOnce((db: Db) =>
  db
    .select({ dedupeKey: alerts.dedupeKey })
    .from(alerts)
    .where(and(eq(alerts.accountId, sql.placeholder("accountId")), eq(alerts.kind, "stay_conflict"), eq(alerts.subjectId, sql.placeholder("propertyId")), eq(alerts.status, "open")))
    .prepare(),
);
