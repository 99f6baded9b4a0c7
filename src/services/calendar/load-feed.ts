import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { feeds, properties } from "../../db/schema";

/** The feed row plus what placing its stays needs from the property. */
export function loadFeedForSync(db: Db, feedId: string) {
  return db
    .select({
      feed: feeds,
      property: { timezone: properties.timezone, checkInTime: properties.checkInTime, checkoutTime: properties.checkoutTime },
    })
    .from(feeds)
    .innerJoin(properties, eq(properties.id, feeds.propertyId))
    .where(eq(feeds.id, feedId))
    .get();
}

export type FeedForSync = NonNullable<ReturnType<typeof loadFeedForSync>>;
export type FeedRow = FeedForSync["feed"];
