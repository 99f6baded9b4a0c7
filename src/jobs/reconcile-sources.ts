import { feedHealthSweeps } from "../services/health/feed-health-source";
import { and, eq, isNotNull, isNull, lte, ne, notExists, or, sql } from "drizzle-orm";
import { DateTime } from "luxon";
import type { Db } from "../db/client";
import { accessCodes, alerts, feeds, locks, messages, properties, propertyCleaners, stays } from "../db/schema";
import type { JobName, JobPayload } from "./definitions";
import { jobIdFor } from "./job-ids";
import { jobKeys } from "./job-keys";

export type DesiredJob = { [N in JobName]: { name: N; payload: JobPayload<N>; jobId: string; runAt: Date } }[JobName];

export interface SourceContext {
  db: Db;
  now: Date;
  /** Jobs due later than now + horizon are left to a later pass; the services enqueue those themselves. */
  until: Date;
}

/** One kind of record that should have a job: returns every job it wants to exist right now. */
export type ReconcileSource = (ctx: SourceContext) => DesiredJob[];

const LOCK_HEALTH_EVERY_MS = 30 * 60_000;
const DAILY_CHECK_HOUR = 8;

const desired = <N extends JobName>(name: N, payload: JobPayload<N>, key: Parameters<typeof jobIdFor>[1], runAt: Date) =>
  ({ name, payload, jobId: jobIdFor(name, key), runAt }) as DesiredJob;

export const feedSyncs: ReconcileSource = ({ db, until }) =>
  db.select({ id: feeds.id, nextSyncAt: feeds.nextSyncAt, createdAt: feeds.createdAt }).from(feeds)
    .where(and(ne(feeds.status, "paused"), or(isNull(feeds.nextSyncAt), lte(feeds.nextSyncAt, until)))).all()
    // A feed that never synced has no nextSyncAt yet: sync it now.
    .map((f) => desired("calendar-sync.sync-feed", { feedId: f.id }, jobKeys.feedSync(f), f.nextSyncAt ?? f.createdAt));

export const staysToPlan: ReconcileSource = ({ db, now }) =>
  db.select({ id: stays.id, version: stays.version }).from(stays)
    .where(and(
      eq(stays.status, "confirmed"), ne(stays.kind, "block"), sql`${stays.checkOutAt} > ${now.getTime()}`,
      // Stays not yet planned at their version are propertiesToPlan's; this is for a planned stay that still has no
      // code (its property got its first lock since).
      sql`${stays.plannedVersion} >= ${stays.version}`,
      sql`exists (select 1 from ${locks} where ${locks.propertyId} = ${stays.propertyId})`,
      notExists(db.select({ one: sql`1` }).from(accessCodes).where(eq(accessCodes.stayId, stays.id))),
    )).all()
    .map((s) => desired("access-codes.plan-stay", { stayId: s.id }, jobKeys.stay(s), now));

/** Stays a sync (or anything else) changed that the planner has not planned yet: one plan job per property. */
export const propertiesToPlan: ReconcileSource = ({ db, now }) => {
  const byProperty = new Map<string, Array<{ id: string; version: number }>>();
  for (const s of db.select({ id: stays.id, version: stays.version, propertyId: stays.propertyId }).from(stays).where(sql`${stays.plannedVersion} < ${stays.version}`).all()) {
    const list = byProperty.get(s.propertyId) ?? [];
    list.push(s);
    byProperty.set(s.propertyId, list);
  }
  return [...byProperty].map(([propertyId, list]) => desired("access-codes.plan-property", { propertyId }, jobKeys.propertyPlan(propertyId, list), now));
};

const codeColumns = { id: accessCodes.id, version: accessCodes.version, programAt: accessCodes.programAt, validTo: accessCodes.validTo, state: accessCodes.state, updatedAt: accessCodes.updatedAt };

export const codesToProgram: ReconcileSource = ({ db, until }) =>
  db.select(codeColumns).from(accessCodes)
    .where(and(eq(accessCodes.state, "planned"), isNotNull(accessCodes.programAt), lte(accessCodes.programAt, until))).all()
    .map((c) => desired("access-codes.program-code", { codeId: c.id }, jobKeys.code(c), c.programAt!));

export const codesToVerify: ReconcileSource = ({ db, now }) =>
  db.select(codeColumns).from(accessCodes).where(eq(accessCodes.state, "programming")).all()
    .map((c) => desired("access-codes.verify-code", { codeId: c.id }, jobKeys.code(c), now));

// A code leaves the lock at its end, or at once when its stay was cancelled or a revoke was already under way.
export const codesToRevoke: ReconcileSource = ({ db, now, until }) =>
  db.select(codeColumns).from(accessCodes)
    .leftJoin(stays, eq(stays.id, accessCodes.stayId))
    .where(or(
      eq(accessCodes.state, "revoking"),
      and(eq(accessCodes.state, "active"), or(lte(accessCodes.validTo, until), eq(stays.status, "cancelled"))),
    )).all()
    .map((c) => desired("access-codes.revoke-code", { codeId: c.id }, jobKeys.code(c), c.state === "active" ? c.validTo : now));

export const messagesToSend: ReconcileSource = ({ db, now, until }) =>
  db.select({ id: messages.id, sendAt: messages.sendAt }).from(messages)
    .where(and(eq(messages.status, "queued"), or(isNull(messages.sendAt), lte(messages.sendAt, until)))).all()
    .map((m) => desired("messages.deliver", { messageId: m.id }, jobKeys.message(m), m.sendAt ?? now));

export const lockHealthChecks: ReconcileSource = ({ db, now }) =>
  db.select({ id: locks.id, lastHealthAt: locks.lastHealthAt }).from(locks).all().map((l) => {
    const due = new Date(Math.max(now.getTime(), (l.lastHealthAt?.getTime() ?? 0) + LOCK_HEALTH_EVERY_MS));
    // Bucketed so passes a few minutes apart want the same job instead of a new one each time.
    const slot = new Date(Math.ceil(due.getTime() / LOCK_HEALTH_EVERY_MS) * LOCK_HEALTH_EVERY_MS);
    return desired("lock-health.check-lock", { lockId: l.id }, jobKeys.lockHealth(l, slot), slot);
  });

export const alertsToNotify: ReconcileSource = ({ db, now }) =>
  db.select({ id: alerts.id, status: alerts.status, severity: alerts.severity }).from(alerts)
    .where(or(
      and(eq(alerts.status, "open"), or(isNull(alerts.notifiedAt), sql`${alerts.notifiedSeverity} is not ${alerts.severity}`)),
      and(eq(alerts.status, "resolved"), isNotNull(alerts.notifiedAt), isNull(alerts.resolutionNotifiedAt)),
    )).all()
    .map((a) => desired("alerts.notify", { alertId: a.id }, jobKeys.alert(a), now));

/** The next time the property's wall clock reads `hour`:00, in its own zone (DST-safe through luxon). */
function nextLocalHour(now: Date, zone: string, hour: number): DateTime {
  const local = DateTime.fromJSDate(now, { zone });
  const today = local.set({ hour, minute: 0, second: 0, millisecond: 0 });
  return today.toMillis() > now.getTime() ? today : today.plus({ days: 1 }).set({ hour, minute: 0 });
}

export const dailyChecks: ReconcileSource = ({ db, now }) =>
  db.select({ id: properties.id, timezone: properties.timezone }).from(properties).all().map((p) => {
    const at = nextLocalHour(now, p.timezone, DAILY_CHECK_HOUR);
    return desired("alerts.daily-check", { propertyId: p.id }, jobKeys.daily(p.id, at.toISODate()!), at.toJSDate());
  });

export const cleanerDigests: ReconcileSource = ({ db, now }) =>
  db.select({ propertyId: properties.id, timezone: properties.timezone, hour: properties.cleanerMessageHour, contactId: propertyCleaners.contactId })
    .from(propertyCleaners).innerJoin(properties, eq(properties.id, propertyCleaners.propertyId)).all().map((r) => {
      const at = nextLocalHour(now, r.timezone, r.hour);
      const key = jobKeys.daily(`${r.contactId}_${r.propertyId}`, at.toISODate()!);
      return desired("messages.cleaner-digest", { contactId: r.contactId, propertyId: r.propertyId }, key, at.toJSDate());
    });

/**
 * Jobs nothing but the reconciler schedules (periodic sweeps and checks): a pass that creates one is doing its job,
 * not repairing a loss, so only the other jobs it creates are reported as missing.
 */
export const SCHEDULED_BY_RECONCILER: ReadonlySet<JobName> = new Set<JobName>([
  "alerts.check-feeds", "lock-health.check-lock", "alerts.daily-check", "messages.cleaner-digest",
]);

export const defaultSources: Record<string, ReconcileSource> = {
  feedSyncs, propertiesToPlan, staysToPlan, codesToProgram, codesToVerify, codesToRevoke, messagesToSend, lockHealthChecks, alertsToNotify, dailyChecks, cleanerDigests,
  feedHealthSweeps,
};
