import { and, isNull, lte, ne, or } from "drizzle-orm";
import { feeds } from "../../db/schema";
import { jobKeys } from "../../jobs/job-keys";
import { desiredJob, type ReconcileSource, type ReconcileSources } from "../../jobs/reconcile-source";

export const feedSyncs: ReconcileSource = ({ db, until }) =>
  db.select({ id: feeds.id, nextSyncAt: feeds.nextSyncAt, createdAt: feeds.createdAt }).from(feeds)
    .where(and(ne(feeds.status, "paused"), or(isNull(feeds.nextSyncAt), lte(feeds.nextSyncAt, until)))).all()
    // A feed that never synced has no nextSyncAt yet: sync it now.
    .map((f) => desiredJob("calendar-sync.sync-feed", { feedId: f.id }, jobKeys.feedSync(f), f.nextSyncAt ?? f.createdAt));

/**
 * The jobs calendar sync's records say should exist: every feed's next sync. A schedule, not a repair: an unchanged
 * sync leaves its next job to this sweep (see reconcilerEnqueuesInTime), so creating one is the normal course.
 */
export const calendarReconcileSources: ReconcileSources = { schedules: { feedSyncs } };
