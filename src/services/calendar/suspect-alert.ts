import { raiseAlert, resolveAlert } from "../alerts/alert-store";
import { notifyAlertChange } from "../alerts/notify-alert-change";
import type { ServiceDeps } from "../deps";

export const feedSuspectKey = (feedId: string) => `feed_suspect:${feedId}`;

/** Opens (or refreshes) the feed's `feed_suspect` alert, or resolves it once a sync looks normal again. */
export async function updateSuspectAlert(
  deps: ServiceDeps,
  feed: { id: string; accountId: string; name: string | null },
  suspect: { reason: string; detail: string } | undefined,
): Promise<void> {
  const key = feedSuspectKey(feed.id);
  if (!suspect) {
    await notifyAlertChange(deps, resolveAlert(deps.db, deps.clock, feed.accountId, key));
    return;
  }
  const label = feed.name ?? feed.id;
  const transition = raiseAlert(deps.db, deps.clock, {
    accountId: feed.accountId,
    kind: "feed_suspect",
    severity: "warning",
    subjectType: "feed",
    subjectId: feed.id,
    dedupeKey: key,
    title: suspect.reason === "empty_feed" ? `Calendar ${label} came back empty` : `Calendar ${label} suddenly lost most of its bookings`,
    detail: `${suspect.detail}. Stays were kept; check the listing's calendar on the platform.`,
  });
  await notifyAlertChange(deps, transition);
}
