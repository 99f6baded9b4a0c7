import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { LOCK_EVENT_ACTORS, LOCK_EVENT_KINDS, LOCK_EVENT_METHODS } from "../../domain/door/lock-event-kinds";
import { accounts } from "./accounts";
import { accessCodes } from "./access";
import { stays, turnovers } from "./calendar";
import { createdAt, instant } from "./columns";
import { contacts, locks, properties } from "./properties";

export { LOCK_EVENT_KINDS, LOCK_EVENT_METHODS, type LockEventKind, type LockEventMethod } from "../../domain/door/lock-event-kinds";

/**
 * What happened at a door, as its lock reported it: the access log and the security record. Stored once per provider
 * event (a webhook delivered twice, a poll overlapping a webhook, a reconnect replaying frames), attributed to the
 * code, stay, turnover and contact the code belonged to when it was used. Never holds a PIN: a keypad event names
 * the vendor's code id or the slot, and the attribution is by that reference alone.
 */
export const lockEvents = sqliteTable(
  "lock_events",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    propertyId: text("property_id").notNull().references(() => properties.id, { onDelete: "cascade" }),
    lockId: text("lock_id").notNull().references(() => locks.id, { onDelete: "cascade" }),
    /** The source that reported it (seam, home_assistant, simulated, or a later lock stack). */
    provider: text("provider").notNull(),
    /** The source's own id for the event (or one derived from its content when it gives none): the dedupe key. */
    providerEventId: text("provider_event_id").notNull(),
    kind: text("kind", { enum: LOCK_EVENT_KINDS }).notNull(),
    method: text("method", { enum: LOCK_EVENT_METHODS }).notNull().default("unknown"),
    /** The vendor's id of the code used (Seam access_code_id), when it said. */
    providerCodeId: text("provider_code_id"),
    /** The keypad slot used (Z-Wave user code id), when it said. */
    slot: integer("slot"),
    accessCodeId: text("access_code_id").references(() => accessCodes.id, { onDelete: "set null" }),
    /** Whose code it was: guest, cleaner, backup, or a keypad code staykey does not know (`unknown_code`). */
    actor: text("actor", { enum: LOCK_EVENT_ACTORS }),
    stayId: text("stay_id").references(() => stays.id, { onDelete: "set null" }),
    turnoverId: text("turnover_id").references(() => turnovers.id, { onDelete: "set null" }),
    contactId: text("contact_id").references(() => contacts.id, { onDelete: "set null" }),
    occurredAt: instant("occurred_at").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("lock_events_provider_event_unique").on(t.accountId, t.provider, t.providerEventId),
    index("lock_events_account_idx").on(t.accountId, t.id),
    index("lock_events_lock_time_idx").on(t.lockId, t.occurredAt),
    index("lock_events_stay_idx").on(t.stayId),
    index("lock_events_contact_idx").on(t.contactId),
    index("lock_events_code_idx").on(t.accessCodeId),
    index("lock_events_account_time_idx").on(t.accountId, t.occurredAt),
  ],
);
