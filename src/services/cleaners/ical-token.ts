import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { contacts } from "../../db/schema";
import type { CoreDeps } from "../../deps";
import type { Clock } from "../../lib/clock";
import { hashToken, newToken } from "../../lib/tokens";
import { conflict } from "../errors";
import { findContact } from "../lookups";

type Deps = Pick<CoreDeps, "db" | "clock">;

/**
 * Issues a cleaner's personal calendar feed token (the previous one stops working) and returns the feed path, for the
 * API and the cleaner portal alike: only a contact that is a cleaner has a schedule (the feed serves no one else).
 * Only the hash is stored: the URL is shown once, to the API caller or in the cleaner portal.
 */
export function issueCleanerFeedToken({ db, clock }: Deps, accountId: string, contactId: string): { token: string; path: string } {
  const contact = findContact(db, accountId, contactId);
  if (contact.role !== "cleaner") throw conflict("only cleaners have a schedule feed");
  return issueIcalToken(db, clock, contact.id);
}

/** The cleaner's feed URL stops working. */
export function revokeCleanerFeedToken({ db, clock }: Deps, accountId: string, contactId: string): void {
  const contact = findContact(db, accountId, contactId);
  db.update(contacts).set({ icalTokenHash: null, updatedAt: clock.now() }).where(eq(contacts.id, contact.id)).run();
}

function issueIcalToken(db: Db, clock: Clock, contactId: string): { token: string; path: string } {
  const token = newToken("ical");
  db.update(contacts).set({ icalTokenHash: hashToken(token), updatedAt: clock.now() }).where(eq(contacts.id, contactId)).run();
  return { token, path: `/ical/cleaner/${token}.ics` };
}

/** Absolute when STAYKEY_PUBLIC_URL (config strips its trailing slash) is set, else relative to wherever the caller reached us. */
export function feedUrl(path: string, publicUrl: string | undefined, fallbackOrigin?: string): string {
  const base = publicUrl ?? fallbackOrigin;
  return base ? `${base}${path}` : path;
}
