import { describe, expect, it } from "vitest";
import { openDatabase } from "../../db/client";
import { accounts, contacts, properties, propertyCleaners } from "../../db/schema";
import { newId } from "../../lib/ids";
import { cleanerDigests } from "./reconcile-sources";

// Saturday 8 March 2025, 23:30 UTC: New York springs forward to EDT overnight.
const now = new Date("2025-03-08T23:30:00Z");

describe("delivery's reconcile sources", () => {
  it("sends the cleaner digest at the property's local hour across the DST change", () => {
    const db = openDatabase(":memory:");
    const [accountId, propertyId, contactId] = [newId("acct"), newId("prop"), newId("ctc")];
    db.insert(accounts).values({ id: accountId, name: "Host", createdAt: now }).run();
    db.insert(properties).values({ id: propertyId, accountId, name: "Loft", timezone: "America/New_York", cleanerMessageHour: 18, createdAt: now, updatedAt: now }).run();
    db.insert(contacts).values({ id: contactId, accountId, role: "cleaner", name: "Ana", createdAt: now, updatedAt: now }).run();
    db.insert(propertyCleaners).values({ propertyId, contactId }).run();
    const [job] = cleanerDigests({ db, now, until: new Date(now.getTime() + 24 * 3600_000) });
    // 18:00 on 8 March in New York (EST, UTC-5) has passed at 18:30 local; next is 18:00 EDT (UTC-4) on the 9th.
    expect(job!.runAt.toISOString()).toBe("2025-03-09T22:00:00.000Z");
    expect(job!.jobId).toBe(`cleaner-digest_${contactId}_${propertyId}_v2025-03-09`);
  });
});
