import type { SecretBox } from "../../lib/crypto";
import { feedUrlAd } from "./feed-url-ad";

/** Enough for every feed of a large account set; past it the cache starts over (a deleted feed's entry goes too). */
const MAX_FEEDS = 20_000;
// Per secret box, so a box with other keys (a changed STAYKEY_SECRET) never answers from another's openings. Kept in
// memory only, like the URL during the fetch itself; never logged.
const opened = new WeakMap<SecretBox, Map<string, { sealed: string; url: string }>>();

/**
 * The feed's URL, opened once per sealed value: every feed is synced every interval, and AES-GCM's setup per call was
 * ~10% of an unchanged (304) sync's main thread. A new sealed value (the URL was changed) is opened again. Throws
 * DecryptError as `box.decrypt` does, and a failure is not remembered.
 */
export function openFeedUrl(box: SecretBox, feed: { id: string; urlEnc: string }): string {
  let cache = opened.get(box);
  if (!cache) {
    cache = new Map();
    opened.set(box, cache);
  }
  const hit = cache.get(feed.id);
  if (hit?.sealed === feed.urlEnc) return hit.url;
  const url = box.decrypt(feed.urlEnc, feedUrlAd(feed.id));
  if (cache.size >= MAX_FEEDS) cache.clear();
  cache.set(feed.id, { sealed: feed.urlEnc, url });
  return url;
}
