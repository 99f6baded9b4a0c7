import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { feeds } from "../../db/schema";
import type { Clock } from "../../lib/clock";
import type { SecretBox } from "../../lib/crypto";
import { newId } from "../../lib/ids";
import { redactFeedUrl } from "../../providers/calendar/redact-url";

export type CreateFeedResult =
  | { ok: true; feedId: string; urlRedacted: string }
  | { ok: false; reason: "invalid_url" | "duplicate"; message: string };

/** The same associated data the API binds a feed URL to, so either side can decrypt the other's rows. */
export const feedUrlAd = (feedId: string) => `feed:${feedId}`;

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
 * Stores a feed exactly as POST /api/v1/feeds does: URL sealed to the row, keyed hash against duplicates,
 * redacted form for display, due for its first sync now. The caller has already checked the property
 * belongs to the account.
 */
export function createFeed(
  deps: { db: Db; clock: Clock; box: SecretBox },
  input: { accountId: string; propertyId: string; url: string; name?: string | null },
): CreateFeedResult {
  const checked = validateFeedUrl(input.url);
  if (!checked.ok) return { ok: false, reason: "invalid_url", message: checked.message };
  const { db, clock, box } = deps;
  const urlHash = box.hash(checked.url);
  const dup = db.select({ id: feeds.id }).from(feeds).where(and(eq(feeds.propertyId, input.propertyId), eq(feeds.urlHash, urlHash))).get();
  if (dup) return { ok: false, reason: "duplicate", message: "This property is already connected to that calendar." };
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
      status: "pending",
      nextSyncAt: now,
      createdAt: now,
      updatedAt: now,
    })
    .run();
  return { ok: true, feedId: id, urlRedacted };
}
