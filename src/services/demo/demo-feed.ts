import { asc, eq } from "drizzle-orm";
import type { FeedRow, PropertyRow } from "../../db/rows";
import { feeds } from "../../db/schema";
import type { CoreDeps } from "../../deps";
import { redactFeedUrl } from "../../providers/calendar/redact-url";
import { feedUrlAd } from "../calendar/feed-url-ad";
import { createFeed } from "../calendar/feeds";
import { anchorOfSampleCalendarUrl, sampleCalendarUrl } from "./calendar-url";
import { anchorFor } from "./sample-bookings";


function storedUrl(deps: Pick<CoreDeps, "box">, feed: FeedRow): string | null {
  try {
    return deps.box.decrypt(feed.urlEnc, feedUrlAd(feed.id));
  } catch {
    // Sealed under an older STAYKEY_SECRET: the row is rewritten below with a URL this process can read.
    return null;
  }
}

/**
 * The demo property's feed, pointing at this server's sample calendar. A later run reuses the row: it only rewrites
 * the URL when the server listens on another port or the bookings had to move forward, so nothing is duplicated and
 * the stays keep their ids (the sample UIDs are stable).
 */
export function ensureDemoFeed(deps: Pick<CoreDeps, "db" | "box" | "clock">, property: PropertyRow, origin: string): { feedId: string; anchor: string } {
  const { db, box, clock } = deps;
  const now = clock.now();
  const feed = db.select().from(feeds).where(eq(feeds.propertyId, property.id)).orderBy(asc(feeds.id)).get();
  const previousUrl = feed ? storedUrl(deps, feed) : null;
  const anchor = anchorFor(previousUrl ? anchorOfSampleCalendarUrl(previousUrl) : null, now, property.timezone);
  const url = sampleCalendarUrl(origin, anchor);
  if (!feed) {
    const created = createFeed(deps, property.accountId, { propertyId: property.id, url, name: "Airbnb (sample calendar)" });
    return { feedId: created.id, anchor };
  }
  if (previousUrl !== url) {
    db.update(feeds).set({
      urlEnc: box.encrypt(url, feedUrlAd(feed.id)), urlHash: box.hash(url), urlRedacted: redactFeedUrl(url),
      // Validators of another URL mean nothing for this one.
      etag: null, lastModified: null, status: feed.status === "paused" ? "pending" : feed.status, nextSyncAt: now, updatedAt: now,
    }).where(eq(feeds.id, feed.id)).run();
  }
  return { feedId: feed.id, anchor };
}
