import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { FEED_STATUSES, STAY_KINDS, STAY_STATUSES, TURNOVER_STATUSES } from "../../domain/calendar/record-states";
import { FEED_SOURCES, GUEST_CONTACT_SOURCES } from "../../domain/calendar/types";
import { accounts } from "./accounts";
import { createdAt, flag, instant, json, updatedAt } from "./columns";
import { properties } from "./properties";

export const feeds = sqliteTable(
  "feeds",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    propertyId: text("property_id").notNull().references(() => properties.id, { onDelete: "cascade" }),
    name: text("name"),
    /** The URL is a secret (Airbnb's carry a token): AES-GCM at rest, keyed hash to refuse duplicates. */
    urlEnc: text("url_enc").notNull(),
    urlHash: text("url_hash").notNull(),
    urlRedacted: text("url_redacted").notNull(),
    source: text("source", { enum: FEED_SOURCES }).notNull().default("generic"),
    status: text("status", { enum: FEED_STATUSES }).notNull().default("pending"),
    syncIntervalMinutes: integer("sync_interval_minutes").notNull().default(10),
    nextSyncAt: instant("next_sync_at"),
    etag: text("etag"),
    lastModified: text("last_modified"),
    contentHash: text("content_hash"),
    lastEventCount: integer("last_event_count"),
    lastSyncAt: instant("last_sync_at"),
    lastSuccessAt: instant("last_success_at"),
    lastError: text("last_error"),
    consecutiveFailures: integer("consecutive_failures").notNull().default(0),
    emptyFetchStreak: integer("empty_fetch_streak").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("feeds_account_idx").on(t.accountId, t.id),
    index("feeds_due_idx").on(t.status, t.nextSyncAt),
    uniqueIndex("feeds_url_unique").on(t.propertyId, t.urlHash),
  ],
);

export const stays = sqliteTable(
  "stays",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    propertyId: text("property_id").notNull().references(() => properties.id, { onDelete: "cascade" }),
    feedId: text("feed_id").references(() => feeds.id, { onDelete: "set null" }),
    externalUid: text("external_uid"),
    /** Earlier UIDs of the same booking when a platform re-issued it. */
    uidAliases: json<string[]>("uid_aliases").notNull().default([]),
    kind: text("kind", { enum: STAY_KINDS }).notNull(),
    status: text("status", { enum: STAY_STATUSES }).notNull().default("confirmed"),
    checkInDate: text("check_in_date").notNull(),
    checkOutDate: text("check_out_date").notNull(),
    checkInAt: instant("check_in_at").notNull(),
    checkOutAt: instant("check_out_at").notNull(),
    /** Host overrides: early check-in / late checkout instants. */
    earlyCheckInAt: instant("early_check_in_at"),
    lateCheckOutAt: instant("late_check_out_at"),
    summary: text("summary"),
    guestName: text("guest_name"),
    guestPhoneLast4: text("guest_phone_last4"),
    /** AES-256-GCM, bound to this stay and field: sealed and opened only by services/contact-details. */
    guestPhoneEnc: text("guest_phone_enc"),
    guestEmailEnc: text("guest_email_enc"),
    /** Plaintext from before migration 0003: sealed into the columns above and cleared at start. Never written. */
    legacyGuestPhone: text("guest_phone"),
    legacyGuestEmail: text("guest_email"),
    reservationCode: text("reservation_code"),
    /** Guest count when the feed says it (PMS exports do). */
    guestCount: integer("guest_count"),
    /** Who gave the guest phone/email: the host, the feed (a PMS DESCRIPTION) or the guest on the guest page. */
    guestContactSource: text("guest_contact_source", { enum: GUEST_CONTACT_SOURCES }),
    /** The language the guest chose on the guest page; guest messages go out in it. */
    guestLocale: text("guest_locale"),
    /** First time the guest opened this stay on the guest page: a guest who has the page can be reached. */
    guestPageOpenedAt: instant("guest_page_opened_at"),
    /** Consecutive well-formed syncs this stay was absent from its feed. */
    missingCount: integer("missing_count").notNull().default(0),
    /** This row is another platform's echo of the booking held by that stay. */
    echoOfStayId: text("echo_of_stay_id"),
    conflict: flag("conflict").notNull().default(false),
    /** Bumped on every change that matters to jobs; stale jobs compare it. */
    version: integer("version").notNull().default(1),
    /** The version the access-code planner last planned: a stay with `planned_version < version` still has to be planned. */
    plannedVersion: integer("planned_version").notNull().default(0),
    /**
     * Bumped when the host asks for a new PIN: the guest's code message is keyed by it, so the guest hears the new
     * code once, through the same path as the first one.
     */
    pinGeneration: integer("pin_generation").notNull().default(0),
    cancelledAt: instant("cancelled_at"),
    /** The first unlock by this stay's code (door activity): the guest arrived, the stay is `checked_in`. */
    checkedInAt: instant("checked_in_at"),
    /** The guest left before the stay's checkout (host or rule): the code was revoked and the turnover started then. */
    checkedOutAt: instant("checked_out_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("stays_feed_uid_unique").on(t.feedId, t.externalUid),
    index("stays_account_idx").on(t.accountId, t.id),
    index("stays_property_time_idx").on(t.propertyId, t.checkInAt),
    // The month calendars and the Today board ask, per listing, for stays that end after a window starts and begin
    // before it ends: the range runs on the checkout, and the check-in is read from the index itself, so a window
    // reads no row outside it. Keyed by listing, not by account: a feed's new stays then land side by side in a few
    // pages, where an account-wide index took each one in a page of its own (the sync writer's largest cost, issue 21).
    index("stays_property_span_idx").on(t.propertyId, t.checkOutAt, t.checkInAt),
  ],
);

export const turnovers = sqliteTable(
  "turnovers",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    propertyId: text("property_id").notNull().references(() => properties.id, { onDelete: "cascade" }),
    afterStayId: text("after_stay_id").notNull().references(() => stays.id, { onDelete: "cascade" }),
    nextStayId: text("next_stay_id"),
    startsAt: instant("starts_at").notNull(),
    endsAt: instant("ends_at").notNull(),
    status: text("status", { enum: TURNOVER_STATUSES }).notNull().default("scheduled"),
    version: integer("version").notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("turnovers_after_stay_unique").on(t.afterStayId), index("turnovers_property_idx").on(t.propertyId, t.startsAt)],
);

