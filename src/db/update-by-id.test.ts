import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { openDatabase } from "./client";
import { accounts, feeds, properties, stays } from "./schema";
import { updateById } from "./update-by-id";

function world() {
  const db = openDatabase(":memory:");
  const now = new Date("2026-03-01T10:00:00Z");
  db.insert(accounts).values({ id: "acct_1", name: "A", createdAt: now }).run();
  db.insert(properties).values({ id: "prop_1", accountId: "acct_1", name: "P", timezone: "UTC", createdAt: now, updatedAt: now }).run();
  db.insert(feeds).values({ id: "feed_1", accountId: "acct_1", propertyId: "prop_1", urlEnc: "x", urlHash: "h", urlRedacted: "r", createdAt: now, updatedAt: now }).run();
  const stay = { accountId: "acct_1", propertyId: "prop_1", kind: "reservation" as const, checkInDate: "2026-03-02", checkOutDate: "2026-03-04", checkInAt: now, checkOutAt: now, createdAt: now, updatedAt: now };
  db.insert(stays).values([{ id: "stay_1", ...stay }, { id: "stay_2", ...stay }]).run();
  return { db, now };
}

describe("updateById", () => {
  it("stores what a drizzle update would: instants, flags, JSON, nulls; other rows untouched", () => {
    const { db } = world();
    const later = new Date("2026-03-05T12:34:56.789Z");
    updateById(db.$client, stays, "stay_1", { conflict: true, uidAliases: ["old@x"], cancelledAt: later, guestName: null, version: 7, summary: undefined });
    const row = db.select().from(stays).where(eq(stays.id, "stay_1")).get()!;
    expect(row).toMatchObject({ conflict: true, uidAliases: ["old@x"], cancelledAt: later, guestName: null, version: 7 });
    expect(db.select().from(stays).where(eq(stays.id, "stay_2")).get()).toMatchObject({ conflict: false, uidAliases: [], cancelledAt: null, version: 1 });
  });

  it("reuses one statement per column set and refuses a column the table does not have", () => {
    const { db } = world();
    const prepare = vi.spyOn(db.$client, "prepare");
    updateById(db.$client, feeds, "feed_1", { lastError: "a" });
    updateById(db.$client, feeds, "feed_1", { lastError: "b" });
    expect(db.select({ e: feeds.lastError }).from(feeds).get()).toEqual({ e: "b" });
    const updates = () => prepare.mock.calls.filter(([sql]) => sql.startsWith("UPDATE"));
    expect(updates()).toHaveLength(1);
    updateById(db.$client, feeds, "feed_1", { lastError: "c", consecutiveFailures: 2 });
    expect(updates()).toHaveLength(2);
    expect(() => updateById(db.$client, feeds, "feed_1", { nope: 1 } as never)).toThrow(/feeds has no column nope/);
  });
});
