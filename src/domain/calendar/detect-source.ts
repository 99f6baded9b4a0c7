import type { FeedSource } from "./types";

const BY_PRODID: Array<[RegExp, FeedSource]> = [
  [/airbnb/i, "airbnb"],
  [/homeaway|vrbo/i, "vrbo"],
  [/booking\.com/i, "booking"],
];

const BY_UID_DOMAIN: Array<[RegExp, FeedSource]> = [
  [/@airbnb\.com$/i, "airbnb"],
  [/@(?:vrbo|homeaway)\.com$/i, "vrbo"],
  [/@booking\.com$/i, "booking"],
];

/**
 * Which platform published a feed. PRODID first (every platform sets it), then the UID domain,
 * which survives when a script merges or re-serialises a feed and rewrites PRODID.
 * `prodid` may list several values: a merged file carries one per original calendar.
 */
export function detectSource(prodid: string | readonly string[] | undefined, uids: readonly string[]): FeedSource {
  const prodids = typeof prodid === "string" ? [prodid] : (prodid ?? []);
  for (const [pattern, source] of BY_PRODID) if (prodids.some((p) => pattern.test(p))) return source;
  for (const [pattern, source] of BY_UID_DOMAIN) {
    const matching = uids.filter((uid) => pattern.test(uid.trim())).length;
    if (matching > 0 && matching >= uids.length / 2) return source;
  }
  return "generic";
}
