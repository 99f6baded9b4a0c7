import { createHash } from "node:crypto";
import type { JobKey } from "./job-ids";

/**
 * What each kind of job is keyed on. The reconciler's sources and the processors both call these (through jobIdFor),
 * so "is this job still the one the record wants" has one answer. A service that changes a record in a way a pending
 * job must notice bumps the record's version (or moves its instant), which gives the next job a new id.
 */
export const jobKeys = {
  feedSync: (feed: { id: string; nextSyncAt: Date | null }): JobKey => ({ id: feed.id, version: feed.nextSyncAt }),
  stay: (stay: { id: string; version: number }): JobKey => ({ id: stay.id, version: stay.version }),
  // Keyed on the stay versions it is for: the same changes ask for the same job, any further change for a new one.
  propertyPlan: (propertyId: string, stays: ReadonlyArray<{ id: string; version: number }>): JobKey => ({ id: propertyId, version: versionsDigest(stays) }),
  code: (code: { id: string; version: number }): JobKey => ({ id: code.id, version: code.version }),
  message: (message: { id: string; sendAt: Date | null }): JobKey => ({ id: message.id, version: message.sendAt }),
  // Notified once per severity it reaches, and once more when it resolves.
  alert: (alert: { id: string; status: string; severity: string }): JobKey => ({
    id: alert.id,
    version: alert.status === "resolved" ? "resolved" : alert.severity,
  }),
  lockHealth: (lock: { id: string }, dueAt: Date): JobKey => ({ id: lock.id, version: dueAt }),
  // One per attempt: a retry or a redelivery bumps the delivery's version.
  webhookDelivery: (delivery: { id: string; version: number }): JobKey => ({ id: delivery.id, version: delivery.version }),
  // One per property (and cleaner) per local day: the version is the property-local date.
  daily: (id: string, localDate: string): JobKey => ({ id, version: localDate }),
};

function versionsDigest(stays: ReadonlyArray<{ id: string; version: number }>): string {
  return createHash("sha256").update(stays.map((s) => `${s.id}@${s.version}`).sort().join("\n")).digest("hex").slice(0, 16);
}
