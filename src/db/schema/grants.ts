import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { GRANT_KINDS, GRANT_PIN_SOURCES, GRANT_STATUSES } from "../../domain/access/grant-kinds";
import { accounts } from "./accounts";
import { createdAt, instant, json, updatedAt } from "./columns";
import { contacts, locks, properties } from "./properties";

/** A weekly window in the property's zone: ISO weekdays (1 = Monday) and local wall-clock times "HH:MM". */
export interface GrantRecurrence {
  weekdays: number[];
  startTime: string;
  endTime: string;
}

/**
 * A host's manual access for someone who is neither a guest nor a cleaner (a plumber, pool service, a delivery,
 * family): a person on some locks or a whole property, with a PIN and a schedule. Its codes are ordinary access codes
 * (purpose `grant`), programmed, read back and removed by the same machinery as guests'.
 */
export const accessGrants = sqliteTable(
  "access_grants",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    /** The property whose zone the grant's times are read in; with `wholeProperty` every lock serving it. */
    propertyId: text("property_id").notNull().references(() => properties.id, { onDelete: "cascade" }),
    wholeProperty: integer("whole_property", { mode: "boolean" }).notNull().default(false),
    /** The person: one of the account's contacts, or a name with a phone and/or email sealed here. */
    contactId: text("contact_id").references(() => contacts.id, { onDelete: "set null" }),
    name: text("name").notNull(),
    /** AES-256-GCM, bound to this grant and field: sealed and opened only by services/contact-details. */
    phoneEnc: text("phone_enc"),
    emailEnc: text("email_enc"),
    kind: text("kind", { enum: GRANT_KINDS }).notNull(),
    /** Window and limited uses: the window; recurring: the first and (optional) last instant occurrences may fall in. */
    startsAt: instant("starts_at").notNull(),
    endsAt: instant("ends_at"),
    recurrence: json<GrantRecurrence>("recurrence"),
    maxUses: integer("max_uses"),
    usesSeen: integer("uses_seen").notNull().default(0),
    /** The grant's one PIN on every lock and occurrence, sealed, bound to the grant id. */
    pinEnc: text("pin_enc").notNull(),
    pinSource: text("pin_source", { enum: GRANT_PIN_SOURCES }).notNull(),
    status: text("status", { enum: GRANT_STATUSES }).notNull().default("active"),
    note: text("note"),
    revokedAt: instant("revoked_at"),
    /** When the person was last sent the code (or asked to be sent it again). */
    sentAt: instant("sent_at"),
    version: integer("version").notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("access_grants_account_idx").on(t.accountId, t.id), index("access_grants_property_idx").on(t.propertyId)],
);

/** The locks a grant names (none when it covers its whole property). */
export const accessGrantLocks = sqliteTable(
  "access_grant_locks",
  {
    grantId: text("grant_id").notNull().references(() => accessGrants.id, { onDelete: "cascade" }),
    lockId: text("lock_id").notNull().references(() => locks.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.grantId, t.lockId] }), index("access_grant_locks_lock_idx").on(t.lockId)],
);
