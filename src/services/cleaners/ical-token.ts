import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { contacts } from "../../db/schema";
import type { Clock } from "../../lib/clock";
import { hashToken, newToken } from "../../lib/tokens";

/**
 * Issues a cleaner's personal calendar feed token (the previous one stops working) and returns the feed path.
 * Only the hash is stored: the URL is shown once, to the API caller or in the cleaner portal.
 */
export function issueIcalToken(db: Db, clock: Clock, contactId: string): { token: string; path: string } {
  const token = newToken("ical");
  db.update(contacts).set({ icalTokenHash: hashToken(token), updatedAt: clock.now() }).where(eq(contacts.id, contactId)).run();
  return { token, path: `/ical/cleaner/${token}.ics` };
}

/** Absolute when STAYKEY_PUBLIC_URL (config strips its trailing slash) is set, else relative to wherever the caller reached us. */
export function feedUrl(path: string, publicUrl: string | undefined, fallbackOrigin?: string): string {
  const base = publicUrl ?? fallbackOrigin;
  return base ? `${base}${path}` : path;
}
