import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { feeds } from "../../db/schema";
import type { Clock } from "../../lib/clock";
import type { SecretBox } from "../../lib/crypto";
import { newId } from "../../lib/ids";
import { redactFeedUrl } from "../../providers/calendar/redact-url";
import { feedUrlAd } from "../calendar/feed-url-ad";

export type CreateFeedResult =
  | { ok: true; feedId: string; urlRedacted: string }
  | { ok: false; reason: "invalid_url"; message: string }
  | { ok: false; reason: "duplicate"; message: string; existingFeedId: string };

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
 * The one way a feed is stored (API, dashboard, demo): URL sealed to the row, keyed hash against duplicates,
 * redacted form for display, due for its first sync now unless it starts paused. The caller has already checked
 * the property belongs to the account.
 */
export function createFeed(
  deps: { db: Db; clock: Clock; box: SecretBox },
  input: { accountId: string; propertyId: string; url: string; name?: string | null; syncIntervalMinutes?: number; paused?: boolean },
): CreateFeedResult {
  const checked = validateFeedUrl(input.url);
  if (!checked.ok) return { ok: false, reason: "invalid_url", message: checked.message };
  const { db, clock, box } = deps;
  const urlHash = box.hash(checked.url);
  const dup = db.select({ id: feeds.id }).from(feeds).where(and(eq(feeds.propertyId, input.propertyId), eq(feeds.urlHash, urlHash))).get();
  if (dup) return { ok: false, reason: "duplicate", message: "This property is already connected to that calendar.", existingFeedId: dup.id };
  const id = newId("feed");
  const now = clock.now();
  const urlRedacted = redactFeedUrl(checked.url);
  db.insert(feeds)
    .values({
      id,
      accountId: input.accountId,
      propertyId: input.propertyId,
      name: input.name?.trim() || null,
      urlEnc: box.encrypt(checked.url, feedUrlAd(id)),
      urlHash,
      urlRedacted,
      ...(input.syncIntervalMinutes === undefined ? {} : { syncIntervalMinutes: input.syncIntervalMinutes }),
      status: input.paused ? "paused" : "pending",
      nextSyncAt: input.paused ? null : now,
      createdAt: now,
      updatedAt: now,
    })
    .run();
  return { ok: true, feedId: id, urlRedacted };
}
