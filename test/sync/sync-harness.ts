import { asc, eq } from "drizzle-orm";
import { accounts, auditEvents, feeds, jobs, properties, stays } from "../../src/db/schema";
import { newId } from "../../src/lib/ids";
import type { ServiceDeps } from "../../src/services/deps";
import { feedUrlAd } from "../../src/services/calendar/feed-url-ad";

/** An account and a property in `timezone` with the default 16:00 check-in and 11:00 checkout. */
export function seedProperty(deps: ServiceDeps, timezone = "America/New_York"): { accountId: string; propertyId: string } {
  const now = deps.clock.now();
  const accountId = newId("acct");
  const propertyId = newId("prop");
  deps.db.insert(accounts).values({ id: accountId, name: "Host", createdAt: now }).run();
  deps.db.insert(properties).values({ id: propertyId, accountId, name: "Cabin", timezone, createdAt: now, updatedAt: now }).run();
  return { accountId, propertyId };
}

/** A feed stored the way the API stores one: URL sealed to the row, only the redacted form in clear. */
export function addFeed(deps: ServiceDeps, place: { accountId: string; propertyId: string }, url: string, name?: string): string {
  const now = deps.clock.now();
  const id = newId("feed");
  deps.db
    .insert(feeds)
    .values({
      id,
      accountId: place.accountId,
      propertyId: place.propertyId,
      name: name ?? null,
      urlEnc: deps.box.encrypt(url, feedUrlAd(id)),
      urlHash: deps.box.hash(url),
      urlRedacted: "http://feeds.test/…",
      status: "pending",
      nextSyncAt: now,
      createdAt: now,
      updatedAt: now,
    })
    .run();
  return id;
}

export const feedRow = (deps: ServiceDeps, id: string) => deps.db.select().from(feeds).where(eq(feeds.id, id)).get()!;
export const staysOfFeed = (deps: ServiceDeps, feedId: string) =>
  deps.db.select().from(stays).where(eq(stays.feedId, feedId)).orderBy(asc(stays.checkInDate)).all();
export const staysOfProperty = (deps: ServiceDeps, propertyId: string) =>
  deps.db.select().from(stays).where(eq(stays.propertyId, propertyId)).orderBy(asc(stays.checkInDate), asc(stays.id)).all();
export const enqueued = (deps: ServiceDeps, name?: string) =>
  deps.db.select().from(jobs).all().filter((job) => name === undefined || job.name === name);
/** The stay versions the planner still has to plan (`id@version`): what a sync's changes leave for it. */
export const unplanned = (deps: ServiceDeps) =>
  deps.db.select().from(stays).all().filter((s) => s.plannedVersion < s.version).map((s) => `${s.id}@${s.version}`).sort();
/** Properties a sync asked the planner to look at. */
export const planRequests = (deps: ServiceDeps) => enqueued(deps, "access-codes.plan-property").map((j) => (j.payload as { propertyId: string }).propertyId);
export const auditRows = (deps: ServiceDeps) => deps.db.select().from(auditEvents).all();
