import { and, eq, inArray } from "drizzle-orm";
import type { FeedRow } from "../../db/rows";
import { alerts, feeds, properties } from "../../db/schema";
import { raiseAlert, resolveAlert, type AlertTransition } from "../alerts/alert-store";
import { policyOf } from "../alerts/alert-policy";
import { notifyAlertChanges } from "../alerts/notify-alert-change";
import type { ServiceDeps } from "../deps";

type HealthDeps = Pick<ServiceDeps, "db" | "clock" | "alertPolicy">;

export const feedFailingKey = (feedId: string) => `feed_failing:${feedId}`;
export const feedStaleKey = (feedId: string) => `feed_stale:${feedId}`;

/** A fetch error may quote the URL it failed on, and the URL carries the platform's token. */
const withoutUrls = (text: string) => text.replace(/\b[a-z][a-z0-9+.-]*:\/\/\S+/gi, "(feed address)").slice(0, 200);

/**
 * Judges one feed from the counters calendar sync keeps (`consecutiveFailures`, `lastSuccessAt`):
 * - failing: N syncs in a row failed; critical once nothing has synced for the stale period either;
 * - stale: no success for the stale period while syncs are not failing (they are not running at all);
 * - a paused feed is the host's choice and clears both.
 * Recovery (a successful sync resets the counters) resolves both, which sends the recovery notice.
 */
export function evaluateFeedHealth(deps: HealthDeps, feed: FeedRow): AlertTransition[] {
  const { db, clock } = deps;
  const policy = policyOf(deps);
  const now = clock.now();
  if (feed.status === "paused") {
    return [resolveAlert(db, clock, feed.accountId, feedFailingKey(feed.id)), resolveAlert(db, clock, feed.accountId, feedStaleKey(feed.id))].filter(isTransition);
  }
  const place = db.select({ name: properties.name }).from(properties).where(eq(properties.id, feed.propertyId)).get()?.name;
  const label = `Calendar "${feed.name ?? feed.urlRedacted}"${place ? ` for ${place}` : ""}`;
  const since = feed.lastSuccessAt ?? feed.createdAt;
  const silentMs = now.getTime() - since.getTime();
  const stale = silentMs >= policy.feedStaleAfterMs;
  const failing = feed.consecutiveFailures >= policy.feedFailingAfter;
  const hours = Math.floor(silentMs / 3600_000);
  const base = { accountId: feed.accountId, subjectType: "feed", subjectId: feed.id };
  const out: Array<AlertTransition | null> = [];

  if (failing) {
    const reason = feed.lastError ? ` (last error: ${withoutUrls(feed.lastError)})` : "";
    out.push(raiseAlert(db, clock, {
      ...base, kind: "feed_failing", severity: stale ? "critical" : "warning", dedupeKey: feedFailingKey(feed.id),
      title: stale ? `${label} has not synced for ${hours} h` : `${label} is not syncing`,
      detail: `${feed.consecutiveFailures} syncs in a row failed${reason}. Existing stays are kept; new or changed bookings wait until it syncs again.`,
    }));
  } else {
    out.push(resolveAlert(db, clock, feed.accountId, feedFailingKey(feed.id)));
  }

  if (stale && !failing) {
    out.push(raiseAlert(db, clock, {
      ...base, kind: "feed_stale", severity: "warning", dedupeKey: feedStaleKey(feed.id),
      title: `${label} has not synced for ${hours} h`,
      detail: "Syncs are not running. New or changed bookings are not being picked up; check that staykey's workers are running.",
    }));
  } else if (!stale) {
    out.push(resolveAlert(db, clock, feed.accountId, feedStaleKey(feed.id)));
  }
  return out.filter(isTransition);
}

/** For calendar sync to call after each sync commits, so a failing feed is reported at once rather than at the next sweep. */
export async function checkFeedHealth(deps: HealthDeps & Pick<ServiceDeps, "jobs" | "logger" | "events">, feedId: string): Promise<void> {
  const feed = deps.db.select().from(feeds).where(eq(feeds.id, feedId)).get();
  if (!feed) return;
  await notifyAlertChanges(deps, evaluateFeedHealth(deps, feed));
}

/** The `alerts.check-feeds` processor: staleness only shows when nothing happens, so something has to look. */
export async function checkAllFeeds(deps: HealthDeps & Pick<ServiceDeps, "jobs" | "logger" | "events">): Promise<{ feeds: number; transitions: number }> {
  const policy = policyOf(deps);
  const now = deps.clock.now().getTime();
  const rows = deps.db.select().from(feeds).all();
  // Most feeds are healthy with nothing open: only those with a problem or an open alert are worth a closer look.
  const open = new Set(deps.db.select({ subjectId: alerts.subjectId }).from(alerts)
    .where(and(eq(alerts.status, "open"), inArray(alerts.kind, ["feed_failing", "feed_stale"]))).all().map((a) => a.subjectId));
  const suspicious = rows.filter((f) => open.has(f.id) || (f.status !== "paused" &&
    (f.consecutiveFailures >= policy.feedFailingAfter || now - (f.lastSuccessAt ?? f.createdAt).getTime() >= policy.feedStaleAfterMs)));
  const transitions = deps.db.transaction(() => suspicious.flatMap((feed) => evaluateFeedHealth(deps, feed)));
  await notifyAlertChanges(deps, transitions);
  return { feeds: rows.length, transitions: transitions.length };
}

const isTransition = (t: AlertTransition | null): t is AlertTransition => t !== null;
