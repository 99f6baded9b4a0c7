import { and, asc, eq, gt, lt } from "drizzle-orm";
import { contacts, properties, propertyCleaners, turnovers } from "../../db/schema";
import { formatLocal } from "../../domain/messages";
import { hashToken } from "../../lib/tokens";
import type { DeliveryDeps } from "../../services/delivery/delivery-deps";
import type { ApiApp } from "../env";
import { notFound } from "../problem";
import { buildCalendar, type CalendarEvent } from "./ical-text";

const HORIZON_DAYS = 90;
const MAX_EVENTS = 500;
const TOKEN_FILE = /^(ical_[A-Za-z0-9]{20,64})\.ics$/;

/**
 * `GET /ical/cleaner/<token>.ics`: a cleaner's upcoming turnovers at the properties they are assigned to, for their
 * phone's calendar. The token is the only credential (stored hashed, revocable); an unknown or revoked one is a plain
 * 404. PINs are deliberately not in the feed: calendar subscriptions are fetched and cached by third-party servers
 * (Google, iCloud) indefinitely, while codes reach the cleaner by SMS or email and stop working after the window.
 */
export function registerIcalFeed(app: ApiApp, deps: Pick<DeliveryDeps, "db" | "clock">): void {
  app.get("/ical/cleaner/:file", (c) => {
    const token = TOKEN_FILE.exec(c.req.param("file"))?.[1];
    const contact = token
      ? deps.db.select().from(contacts).where(and(eq(contacts.icalTokenHash, hashToken(token)), eq(contacts.role, "cleaner"))).get()
      : undefined;
    if (!contact) throw notFound("calendar");
    const now = deps.clock.now();
    const rows = deps.db.select({ turnover: turnovers, property: properties }).from(turnovers)
      .innerJoin(properties, eq(properties.id, turnovers.propertyId))
      .innerJoin(propertyCleaners, and(eq(propertyCleaners.propertyId, turnovers.propertyId), eq(propertyCleaners.contactId, contact.id)))
      .where(and(
        eq(properties.accountId, contact.accountId), eq(turnovers.status, "scheduled"),
        gt(turnovers.endsAt, now), lt(turnovers.startsAt, new Date(now.getTime() + HORIZON_DAYS * 86_400_000)),
      ))
      .orderBy(asc(turnovers.startsAt)).limit(MAX_EVENTS).all();
    const events: CalendarEvent[] = rows.map(({ turnover, property }) => ({
      uid: `${turnover.id}@staykey`,
      start: turnover.startsAt,
      end: turnover.endsAt,
      summary: `Cleaning: ${property.name}`,
      location: property.address,
      description: `Window ${formatLocal(turnover.startsAt, property.timezone, property.locale)} to ${formatLocal(turnover.endsAt, property.timezone, property.locale)}. The door code comes by text or email the day before.`,
      lastModified: turnover.updatedAt,
    }));
    return c.body(buildCalendar(`${contact.name}: cleaning schedule`, events, now), 200, {
      "content-type": "text/calendar; charset=utf-8",
      "cache-control": "private, no-store",
      "referrer-policy": "no-referrer",
      "x-robots-tag": "noindex",
    });
  });
}
