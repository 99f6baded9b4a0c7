import { and, asc, eq } from "drizzle-orm";
import { listAccountPage } from "../../db/account-page";
import type { FeedRow } from "../../db/rows";
import { feeds } from "../../db/schema";
import type { CoreDeps } from "../../deps";
import type { SecretBox } from "../../lib/crypto";
import { newId } from "../../lib/ids";
import { redactFeedUrl } from "../../providers/calendar/redact-url";
import { conflict, invalidField } from "../errors";
import { findFeed, findProperty } from "../lookups";
import { feedUrlAd } from "./feed-url-ad";

/** A feed as the host sees it (API and dashboard): no URL, no validators, `paused` spelt out. */
export type FeedView = Omit<FeedRow, "urlEnc" | "urlHash" | "etag" | "lastModified" | "contentHash" | "emptyFetchStreak" | "accountId"> & { paused: boolean };
export interface FeedInput {
  propertyId: string;
  url: string;
  name?: string | null;
  syncIntervalMinutes?: number;
  paused?: boolean;
}
/** The URL and property cannot change: a different calendar is a different feed (its stays hang off this one). */
export interface FeedPatch {
  name?: string | null;
  syncIntervalMinutes?: number;
  paused?: boolean;
}

/** Only the redacted URL leaves; a sync error that quoted the URL is scrubbed as a second line of defence. */
function feedView(box: SecretBox, row: FeedRow): FeedView {
  const { urlEnc, urlHash, etag, lastModified, contentHash, emptyFetchStreak, accountId, ...rest } = row;
  let lastError = row.lastError;
  if (lastError) {
    const url = box.decrypt(urlEnc, feedUrlAd(row.id));
    lastError = lastError.split(url).join(row.urlRedacted);
  }
  return { ...rest, lastError, paused: row.status === "paused" };
}

/** Messages never echo the URL: it is a secret (Airbnb's and VRBO's carry a token). */
export function validateFeedUrl(raw: string): { ok: true; url: string } | { ok: false; message: string } {
  const url = raw.trim().replace(/^webcal:\/\//i, "https://");
  if (url.length === 0 || url.length > 2048) return { ok: false, message: "Paste the calendar's iCal export URL (at most 2048 characters)." };
  try {
    const u = new URL(url);
    if ((u.protocol === "https:" || u.protocol === "http:") && u.hostname !== "") return { ok: true, url };
  } catch {
    /* fall through to the message below */
  }
  return { ok: false, message: "That is not an http:// or https:// calendar URL." };
}

/**
 * The one way a feed is stored (API, dashboard, demo), on one of the account's properties: URL sealed to the row,
 * keyed hash against duplicates, redacted form for display, due for its first sync now unless it starts paused.
 * The API and the dashboard then run it at once (syncFeedNow).
 */
export function createFeed(deps: Pick<CoreDeps, "db" | "clock" | "box">, accountId: string, input: FeedInput): FeedView {
  const { db, clock, box } = deps;
  const property = findProperty(db, accountId, input.propertyId);
  const checked = validateFeedUrl(input.url);
  if (!checked.ok) throw invalidField("url", checked.message);
  const urlHash = box.hash(checked.url);
  const dup = db.select({ id: feeds.id }).from(feeds).where(and(eq(feeds.propertyId, property.id), eq(feeds.urlHash, urlHash))).get();
  if (dup) throw conflict(`this property already has that calendar as feed ${dup.id}`);
  const id = newId("feed");
  const now = clock.now();
  db.insert(feeds)
    .values({
      id,
      accountId,
      propertyId: property.id,
      name: input.name?.trim() || null,
      urlEnc: box.encrypt(checked.url, feedUrlAd(id)),
      urlHash,
      urlRedacted: redactFeedUrl(checked.url),
      ...(input.syncIntervalMinutes === undefined ? {} : { syncIntervalMinutes: input.syncIntervalMinutes }),
      status: input.paused ? "paused" : "pending",
      nextSyncAt: input.paused ? null : now,
      createdAt: now,
      updatedAt: now,
    })
    .run();
  return getFeed(deps, accountId, id);
}

export function getFeed(deps: Pick<CoreDeps, "db" | "box">, accountId: string, id: string): FeedView {
  return feedView(deps.box, findFeed(deps.db, accountId, id));
}

export function listFeeds(deps: Pick<CoreDeps, "db" | "box">, accountId: string, q: { limit: number; cursor?: string; propertyId?: string }) {
  const p = listAccountPage(deps.db, feeds, accountId, [q.propertyId ? eq(feeds.propertyId, q.propertyId) : undefined], q);
  return { data: p.data.map((row) => feedView(deps.box, row)), nextCursor: p.nextCursor };
}

/** A property's calendars in the order they were added, for its page. */
export function propertyFeeds(deps: Pick<CoreDeps, "db" | "box">, accountId: string, propertyId: string): FeedView[] {
  return deps.db
    .select()
    .from(feeds)
    .where(and(eq(feeds.accountId, accountId), eq(feeds.propertyId, propertyId)))
    .orderBy(asc(feeds.id))
    .all()
    .map((row) => feedView(deps.box, row));
}

/** Renames, changes the interval, pauses or resumes; resuming starts from a clean slate and is due at once. */
export function updateFeed(deps: Pick<CoreDeps, "db" | "clock" | "box">, accountId: string, id: string, patch: FeedPatch): FeedView {
  const existing = findFeed(deps.db, accountId, id);
  const { paused, ...fields } = patch;
  const now = deps.clock.now();
  const wasPaused = existing.status === "paused";
  const pause = paused === true && !wasPaused ? { status: "paused" as const, nextSyncAt: null } : {};
  const resume = paused === false && wasPaused ? { status: "pending" as const, nextSyncAt: now } : {};
  deps.db.update(feeds).set({ ...fields, ...pause, ...resume, updatedAt: now }).where(eq(feeds.id, existing.id)).run();
  return getFeed(deps, accountId, existing.id);
}

/** Makes the feed due now; a paused feed must be resumed first. The API then runs the sync at once (syncFeedNow). */
export function requestFeedSync(deps: Pick<CoreDeps, "db" | "clock" | "box">, accountId: string, id: string): FeedView {
  const existing = findFeed(deps.db, accountId, id);
  if (existing.status === "paused") throw conflict("this feed is paused; resume it with PATCH {\"paused\": false} first");
  deps.db.update(feeds).set({ nextSyncAt: deps.clock.now() }).where(eq(feeds.id, existing.id)).run();
  return getFeed(deps, accountId, existing.id);
}

export function deleteFeed(deps: Pick<CoreDeps, "db">, accountId: string, id: string): void {
  const existing = findFeed(deps.db, accountId, id);
  // Its stays stay (feed_id is set null): removing a calendar must not lock out guests already booked.
  deps.db.delete(feeds).where(eq(feeds.id, existing.id)).run();
}
