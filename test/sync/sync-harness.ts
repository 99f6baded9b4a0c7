import { asc, eq } from "drizzle-orm";
import { auditEvents, feeds, jobs, stays } from "../../src/db/schema";
import type { ServiceDeps } from "../../src/services/deps";
import { testWorld } from "../support/world";

/** A host's property in `timezone` with the default 16:00 check-in and 11:00 checkout. */
export async function seedProperty(deps: ServiceDeps, timezone = "America/New_York"): Promise<{ accountId: string; propertyId: string }> {
  const world = testWorld(deps);
  const { accountId } = await world.account({ name: "Host" });
  return { accountId, propertyId: world.property(accountId, { name: "Cabin", timezone }).id };
}

/** A feed added as the API adds one: URL sealed to the row, only the redacted form in clear, due now. */
export function addFeed(deps: ServiceDeps, place: { accountId: string; propertyId: string }, url: string, name?: string): string {
  return testWorld(deps).feed(place.propertyId, { url, ...(name === undefined ? {} : { name }) }).id;
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
