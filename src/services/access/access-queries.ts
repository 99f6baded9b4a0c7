import { and, asc, desc, eq, getTableColumns, gt, gte, inArray, isNull, lte, ne, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { unindexed } from "../../db/column-filters";
import { preparedOnce } from "../../db/prepared-once";
import { accessCodes, lockProperties, locks, properties, propertyCleaners, stays, turnovers } from "../../db/schema";
import { guestStays } from "../stays/guest-stays";

const p = sql.placeholder;

/** The property's other guests: the stays before and after a stay are found among these. */
const guestStaysOf = and(eq(stays.propertyId, p("propertyId")), guestStays(), ne(stays.id, p("stayId")));

/*
 * Without ANALYZE statistics SQLite prefers access_codes_state_idx for `state = …`, which walks every code in that
 * state across all accounts. These queries are narrowed by lock instead; the unary `+` keeps the state index out.
 */
const stateIs = (state: string) => eq(unindexed(accessCodes.state), state);

/**
 * The queries every plan and program job runs, built and prepared once per database: rebuilding their SQL through
 * the ORM cost more than running them (most of a plan job's time in the codes benchmark). Placeholders in WHERE are
 * not mapped by drizzle, so instants are passed as epoch milliseconds.
 */
function build(db: Db) {
  return {
    stayVersion: db.select({ id: stays.id, version: stays.version }).from(stays).where(eq(stays.id, p("stayId"))).prepare(),
    /** Stays of a property the planner has not planned at their current version, earliest first (turnovers see their neighbours). */
    unplannedStays: db.select({ id: stays.id, version: stays.version }).from(stays)
      .where(and(eq(stays.propertyId, p("propertyId")), sql`${stays.plannedVersion} < ${stays.version}`)).orderBy(asc(stays.checkInAt)).prepare(),
    markPlanned: db.update(stays).set({ plannedVersion: sql`max(${stays.plannedVersion}, ${p("version")})` }).where(eq(stays.id, p("stayId"))).prepare(),
    stayWithProperty: db.select({ stay: stays, property: properties }).from(stays).innerJoin(properties, eq(properties.id, stays.propertyId))
      .where(eq(stays.id, p("stayId"))).prepare(),
    /** Every lock serving the property: its own and the shared doors (a building entrance) it is on. */
    propertyLocks: db.select(getTableColumns(locks)).from(locks).innerJoin(lockProperties, eq(lockProperties.lockId, locks.id))
      .where(eq(lockProperties.propertyId, p("propertyId"))).orderBy(asc(locks.id)).prepare(),
    liveGuestCodes: db.select().from(accessCodes).where(and(
      inArray(accessCodes.state, ["planned", "programming", "active", "failed"]), eq(accessCodes.stayId, p("stayId")), eq(accessCodes.purpose, "guest"),
    )).prepare(),
    /** Spares handed to a stay sit on its property's locks, so this is asked per lock. */
    assignedBackups: db.select().from(accessCodes)
      .where(and(eq(accessCodes.lockId, p("lockId")), eq(accessCodes.assignedStayId, p("stayId")), stateIs("active"))).prepare(),
    guestPins: db.select({ id: accessCodes.id, pinEnc: accessCodes.pinEnc, lockId: accessCodes.lockId, createdAt: accessCodes.createdAt }).from(accessCodes)
      .where(and(eq(accessCodes.propertyId, p("propertyId")), eq(accessCodes.stayId, p("stayId")), eq(accessCodes.purpose, "guest")))
      .orderBy(desc(accessCodes.createdAt)).limit(20).prepare(),
    /** A cleaner's codes on one lock; the property's are the union over the locks serving it. */
    cleanerPinsOnLock: db.select({ id: accessCodes.id, pinEnc: accessCodes.pinEnc, lockId: accessCodes.lockId, createdAt: accessCodes.createdAt }).from(accessCodes)
      .where(and(eq(accessCodes.lockId, p("lockId")), eq(accessCodes.contactId, p("contactId")), eq(accessCodes.purpose, "cleaner")))
      .orderBy(desc(accessCodes.createdAt)).limit(20).prepare(),
    sparesOnLock: db.select({ n: sql<number>`count(*)` }).from(accessCodes).where(and(
      eq(accessCodes.lockId, p("lockId")), eq(accessCodes.purpose, "backup"), isNull(accessCodes.assignedStayId),
      inArray(accessCodes.state, ["planned", "programming", "active"]), gt(accessCodes.validTo, p("validAfter")),
    )).prepare(),
    previousStay: db.select().from(stays).where(and(guestStaysOf, lte(stays.checkOutAt, p("before"))))
      .orderBy(desc(stays.checkOutAt)).limit(1).prepare(),
    nextStay: db.select().from(stays).where(and(guestStaysOf, gte(stays.checkInAt, p("after"))))
      .orderBy(asc(stays.checkInAt)).limit(1).prepare(),
    insertTurnover: db.insert(turnovers).values({
      id: p("id"), accountId: p("accountId"), propertyId: p("propertyId"), afterStayId: p("afterStayId"), nextStayId: p("nextStayId"),
      startsAt: p("startsAt"), endsAt: p("endsAt"), status: p("status"), version: p("version"), createdAt: p("createdAt"), updatedAt: p("updatedAt"),
    }).prepare(),
    turnoverAfter: db.select().from(turnovers).where(eq(turnovers.afterStayId, p("stayId"))).prepare(),
    /** A turnover's cleaner codes sit on its property's locks, so this is asked per lock. */
    turnoverCodesOnLock: db.select().from(accessCodes).where(and(
      eq(accessCodes.lockId, p("lockId")), eq(accessCodes.turnoverId, p("turnoverId")), eq(accessCodes.purpose, "cleaner"),
      inArray(accessCodes.state, ["planned", "programming", "active"]),
    )).prepare(),
    cleanersOf: db.select({ id: propertyCleaners.contactId }).from(propertyCleaners).where(eq(propertyCleaners.propertyId, p("propertyId"))).prepare(),
    codeWithLock: db.select({ code: accessCodes, lock: locks }).from(accessCodes).innerJoin(locks, eq(locks.id, accessCodes.lockId))
      .where(eq(accessCodes.id, p("codeId"))).prepare(),
  };
}

export type AccessQueries = ReturnType<typeof build>;

export const accessQueries: (db: Db) => AccessQueries = preparedOnce(build);
