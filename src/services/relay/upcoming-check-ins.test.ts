import { describe, expect, it } from "vitest";
import { testDeps } from "../../../test/support/test-deps";
import { accounts, properties, stays } from "../../db/schema";
import { upcomingCheckIns } from "./upcoming-check-ins";

describe("the check-ins the relay's watchdog warns about", () => {
  it("are the guests' arrivals in the next two days: no owner's block, no other platform's echo of a booking", () => {
    const deps = testDeps({ now: "2026-11-21T12:00:00Z" });
    const t = deps.clock.now();
    const at = (hours: number) => new Date(t.getTime() + hours * 3_600_000);
    deps.db.insert(accounts).values({ id: "acct_1", name: "Host", createdAt: t }).run();
    deps.db.insert(properties).values({ id: "prop_1", accountId: "acct_1", name: "Loft", timezone: "Europe/Lisbon", createdAt: t, updatedAt: t }).run();
    const stay = (id: string, checkIn: number, extra: Partial<typeof stays.$inferInsert> = {}) =>
      deps.db.insert(stays).values({
        id, accountId: "acct_1", propertyId: "prop_1", kind: "reservation", checkInDate: "2026-11-22", checkOutDate: "2026-11-25",
        checkInAt: at(checkIn), checkOutAt: at(checkIn + 72), createdAt: t, updatedAt: t, ...extra,
      }).run();
    stay("stay_guest", 10);
    stay("stay_block", 11, { kind: "block" });
    stay("stay_echo", 12, { echoOfStayId: "stay_guest" });
    stay("stay_cancelled", 13, { status: "cancelled" });
    stay("stay_manual", 14, { kind: "manual" });
    stay("stay_later", 60);
    expect(upcomingCheckIns(deps)).toEqual([at(10), at(14)]);
  });
});
