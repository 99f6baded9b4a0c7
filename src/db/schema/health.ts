import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { accounts } from "./accounts";
import { instant } from "./columns";
import { locks } from "./properties";

/**
 * A lock's battery over time, for its chart and the day it crossed low: one row when the level or the vendor's word
 * changes, and at most one every few hours while it holds still (services/health/battery-history). Kept as long as
 * the door activity log (STAYKEY_LOCK_EVENT_RETENTION_DAYS), purged by the same sweep.
 */
export const batteryReadings = sqliteTable(
  "battery_readings",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    lockId: text("lock_id").notNull().references(() => locks.id, { onDelete: "cascade" }),
    /** Whole percent 0..100, when the vendor gave a level. */
    level: integer("level_pct"),
    /** The vendor's word (low, critical, good), when it gave one. */
    status: text("status"),
    readAt: instant("read_at").notNull(),
  },
  (t) => [index("battery_readings_lock_time_idx").on(t.lockId, t.readAt), index("battery_readings_time_idx").on(t.readAt)],
);
