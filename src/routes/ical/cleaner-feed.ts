import { formatLocal } from "../../domain/messages";
import { cleanerScheduleByToken } from "../../services/cleaners/schedule-feed";
import type { ApiApp } from "../env";
import { notFound } from "../problem";
import { buildCalendar, type CalendarEvent } from "./ical-text";
import type { ServiceDeps } from "../../services/deps";

const TOKEN_FILE = /^(ical_[A-Za-z0-9]{20,64})\.ics$/;

/**
 * `GET /ical/cleaner/<token>.ics`: a cleaner's upcoming turnovers at the properties they are assigned to, for their
 * phone's calendar. The token is the only credential (stored hashed, revocable); an unknown or revoked one is a plain
 * 404. PINs are deliberately not in the feed: calendar subscriptions are fetched and cached by third-party servers
 * (Google, iCloud) indefinitely, while codes reach the cleaner by SMS or email and stop working after the window.
 */
export function registerIcalFeed(app: ApiApp, deps: Pick<ServiceDeps, "db" | "clock">): void {
  app.get("/ical/cleaner/:file", (c) => {
    const token = TOKEN_FILE.exec(c.req.param("file"))?.[1];
    const schedule = token ? cleanerScheduleByToken(deps, token) : null;
    if (!schedule) throw notFound("calendar");
    const events: CalendarEvent[] = schedule.turnovers.map(({ turnover, property }) => ({
      uid: `${turnover.id}@staykey`,
      start: turnover.startsAt,
      end: turnover.endsAt,
      summary: `Cleaning: ${property.name}`,
      location: property.address,
      description: `Window ${formatLocal(turnover.startsAt, property.timezone, property.locale)} to ${formatLocal(turnover.endsAt, property.timezone, property.locale)}. The door code comes by text or email the day before.`,
      lastModified: turnover.updatedAt,
    }));
    return c.body(buildCalendar(`${schedule.name}: cleaning schedule`, events, deps.clock.now()), 200, {
      "content-type": "text/calendar; charset=utf-8",
      "cache-control": "private, no-store",
      "referrer-policy": "no-referrer",
      "x-robots-tag": "noindex",
    });
  });
}
