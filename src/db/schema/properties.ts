import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { CODE_STRATEGIES } from "../../domain/access/code-states";
import { ARRIVAL_NOTICES } from "../../domain/door/lock-event-kinds";
import type { MessageTemplates } from "../../domain/messages/templates";
import { accounts, users } from "./accounts";
import { createdAt, flag, instant, json, updatedAt } from "./columns";

export type { MessageTemplates };

export const properties = sqliteTable(
  "properties",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    address: text("address"),
    /** IANA zone; every local date and time of this property is read in it. */
    timezone: text("timezone").notNull(),
    checkInTime: text("check_in_time").notNull().default("16:00"),
    checkOutTime: text("checkout_time").notNull().default("11:00"),
    /** Minutes the guest code works before check-in and after checkout. */
    earlyBufferMinutes: integer("early_buffer_minutes").notNull().default(0),
    lateBufferMinutes: integer("late_buffer_minutes").notNull().default(0),
    codeLength: integer("code_length").notNull().default(6),
    codeStrategy: text("code_strategy", { enum: CODE_STRATEGIES }).notNull().default("random"),
    /** How long before check-in the guest message goes out. */
    messageLeadMinutes: integer("message_lead_minutes").notNull().default(1440),
    /** How long before the window opens the code is programmed on locks with native schedules. */
    programLeadMinutes: integer("program_lead_minutes").notNull().default(1440),
    /**
     * How long before the guest arrives a code the lock has still not confirmed is given up on: the guest gets a
     * spare and the host is told. Before that a vendor outage or a slow lock is retried quietly.
     */
    backupLeadMinutes: integer("backup_lead_minutes").notNull().default(120),
    /** Cleaner window length when no next check-in bounds it. */
    turnoverMinutes: integer("turnover_minutes").notNull().default(300),
    cleanerMessageHour: integer("cleaner_message_hour").notNull().default(18),
    locale: text("locale").notNull().default("en-US"),
    wifiName: text("wifi_name"),
    wifiPassword: text("wifi_password"),
    checkInInstructions: text("check_in_instructions"),
    /** House rules and notes shown on the guest page (parking, trash, quiet hours). */
    houseNotes: text("house_notes"),
    /** How long before check-in the guest page shows a confirmed code (it hides again at checkout). */
    codeRevealLeadMinutes: integer("code_reveal_lead_minutes").notNull().default(2880),
    /** How long before check-in a stay whose guest cannot be reached raises a `guest_unreachable` alert. */
    unreachableAlertLeadMinutes: integer("unreachable_alert_lead_minutes").notNull().default(1440),
    templates: json<MessageTemplates>("templates").notNull().default({}),
    /** How the host hears that a guest's code first opened the door. */
    arrivalNotice: text("arrival_notice", { enum: ARRIVAL_NOTICES }).notNull().default("any"),
    /** Send the guest a welcome message when their code first opens the door. */
    arrivalWelcome: flag("arrival_welcome").notNull().default(false),
    /** Minutes after check-in with no unlock by the guest's code before a `no_arrival` alert; null: never. */
    noArrivalAlertMinutes: integer("no_arrival_alert_minutes").default(360),
    /** The first lock after the checkout morning's start marks the stay checked out early (opt-in). */
    autoCheckOutOnLock: flag("auto_checkout_on_lock").notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("properties_account_idx").on(t.accountId, t.id)],
);

/** People who are not account users but receive codes or alerts: cleaners and alert recipients. */
export const contacts = sqliteTable(
  "contacts",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    role: text("role", { enum: ["cleaner", "alerts"] }).notNull(),
    name: text("name").notNull(),
    /** AES-256-GCM, bound to this contact and field: sealed and opened only by services/contact-details. */
    phoneEnc: text("phone_enc"),
    emailEnc: text("email_enc"),
    /** Plaintext from before migration 0003: sealed into the columns above and cleared at start. Never written. */
    legacyPhone: text("phone"),
    legacyEmail: text("email"),
    /** Keyed hash of the personal iCal feed token (the token is shown once, revocable). */
    icalTokenHash: text("ical_token_hash"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("contacts_account_idx").on(t.accountId, t.id), uniqueIndex("contacts_ical_token_unique").on(t.icalTokenHash)],
);

export const propertyCleaners = sqliteTable(
  "property_cleaners",
  {
    propertyId: text("property_id").notNull().references(() => properties.id, { onDelete: "cascade" }),
    contactId: text("contact_id").notNull().references(() => contacts.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.propertyId, t.contactId] })],
);

/** Credentials for a lock provider (Seam API key, Home Assistant URL + token, zwave-js-server URL, staykey's Matter fabric), encrypted at rest. */
export const providerConnections = sqliteTable(
  "provider_connections",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    provider: text("provider", { enum: ["seam", "home_assistant", "zwave_js", "matter"] }).notNull(),
    name: text("name").notNull(),
    configEnc: text("config_enc").notNull(),
    /** Where polling the vendor's event list resumes (Seam /events/list), for installs that get no webhooks. */
    eventCursor: text("event_cursor"),
    /** Health the connection page shows: the last call the vendor answered, and the last one that failed. */
    lastSuccessAt: instant("last_success_at"),
    lastErrorAt: instant("last_error_at"),
    lastError: text("last_error"),
    /** When its key or token was last replaced. */
    rotatedAt: instant("rotated_at"),
    createdAt: createdAt(),
  },
  (t) => [index("provider_connections_account_idx").on(t.accountId)],
);

export type LockConstraints = Record<string, unknown>;

export const locks = sqliteTable(
  "locks",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    propertyId: text("property_id").notNull().references(() => properties.id, { onDelete: "cascade" }),
    connectionId: text("connection_id").references(() => providerConnections.id, { onDelete: "set null" }),
    name: text("name").notNull(),
    provider: text("provider", { enum: ["seam", "home_assistant", "zwave_js", "matter", "simulated"] }).notNull(),
    providerDeviceId: text("provider_device_id").notNull(),
    supportedCodeLengths: json<number[]>("supported_code_lengths"),
    constraints: json<LockConstraints>("constraints"),
    nativeSchedules: flag("native_schedules").notNull().default(true),
    slotCapacity: integer("slot_capacity"),
    /** Percent 0..100 (providers report 0..1; adapters convert). */
    batteryLevel: integer("battery_level_pct"),
    batteryStatus: text("battery_status"),
    online: flag("online"),
    lastSeenAt: instant("last_seen_at"),
    lastHealthAt: instant("last_health_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("locks_account_idx").on(t.accountId, t.id),
    index("locks_property_idx").on(t.propertyId),
    uniqueIndex("locks_device_unique").on(t.accountId, t.provider, t.providerDeviceId),
  ],
);

/**
 * The properties a lock serves. Every lock serves its own property (`locks.property_id`, where it was added); a shared
 * door (a building entrance, a gate) serves others too, and their guests and cleaners get their codes on it as well.
 * Holds a row for the lock's own property as well, so "the locks of a property" is one query on this table.
 */
export const lockProperties = sqliteTable(
  "lock_properties",
  {
    lockId: text("lock_id").notNull().references(() => locks.id, { onDelete: "cascade" }),
    propertyId: text("property_id").notNull().references(() => properties.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.lockId, t.propertyId] }), index("lock_properties_property_idx").on(t.propertyId)],
);

/** A member limited to some properties; a member with no row here sees every property of the account. */
export const userProperties = sqliteTable(
  "user_properties",
  {
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    propertyId: text("property_id").notNull().references(() => properties.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.userId, t.propertyId] }), index("user_properties_property_idx").on(t.propertyId)],
);
