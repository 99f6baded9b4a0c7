import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { accounts } from "./accounts";
import { stays } from "./calendar";
import { flag, instant } from "./columns";

/**
 * What a guest left on the guest page: which ways to reach them, and the consent to texts, with the time and the
 * address it came from (sealed: an IP address is personal data). The phone and email themselves go onto the stay,
 * sealed there like a host-typed contact; this row is the record of who gave them and when.
 */
export const guestRegistrations = sqliteTable(
  "guest_registrations",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    stayId: text("stay_id").notNull().references(() => stays.id, { onDelete: "cascade" }),
    at: instant("at").notNull(),
    gavePhone: flag("gave_phone").notNull(),
    gaveEmail: flag("gave_email").notNull(),
    /** The consent checkbox for texts was ticked (a phone is never accepted without it). */
    smsConsent: flag("sms_consent").notNull(),
    /** The language the page (and its consent text) was shown in. */
    locale: text("locale").notNull(),
    /** AES-256-GCM, bound to this row. */
    ipEnc: text("ip_enc"),
  },
  (t) => [index("guest_registrations_stay_idx").on(t.stayId, t.at)],
);

/**
 * Failed identifications on the guest page (wrong reservation code or last 4), per client address and per stay, in
 * SQLite so a restart or a second process counts the same attempts. Keys are keyed hashes: no address is stored.
 */
export const guestPageThrottle = sqliteTable(
  "guest_page_throttle",
  {
    scope: text("scope", { enum: ["ip", "stay"] }).notNull(),
    keyHash: text("key_hash").notNull(),
    failures: integer("failures").notNull(),
    windowStartedAt: instant("window_started_at").notNull(),
    lastFailureAt: instant("last_failure_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.keyHash] }), index("guest_page_throttle_last_failure_idx").on(t.lastFailureAt)],
);
