import { describe, expect, it } from "vitest";
import { openDatabase } from "../../db/client";
import { accounts, auditEvents } from "../../db/schema";
import { ManualClock } from "../../lib/clock";
import { recordAudit, type AuditInput } from "../audit/record-audit";
import { recordSyncAudit } from "./sync-audit";

describe("recordSyncAudit", () => {
  it("stores exactly the row recordAudit stores, read back through the schema", () => {
    const db = openDatabase(":memory:");
    const clock = new ManualClock("2026-03-08T07:30:00.123Z");
    db.insert(accounts).values({ id: "acct_1", name: "A", createdAt: clock.now() }).run();
    const inputs: AuditInput[] = [
      { accountId: "acct_1", actor: "job:calendar-sync.sync-feed", action: "feed.sync", subjectType: "feed", subjectId: "feed_1", detail: { result: "unchanged", reason: "not_modified" } },
      { accountId: "acct_1", actor: "cli", action: "feed.sync", subjectType: "feed", subjectId: "feed_1", outcome: "error", detail: { result: "failed", nested: { n: 1, s: "ü" } } },
      { accountId: "acct_1", actor: "system", action: "feed.sync", subjectType: "feed", subjectId: "feed_2", provider: "p", providerRequestId: "r" },
    ];
    for (const input of inputs) {
      const viaDrizzle = recordAudit(db, clock, input);
      const prepared = recordSyncAudit(db.$client, clock.now(), input);
      const rows = db.select().from(auditEvents).all();
      const [a, b] = [rows.find((r) => r.id === viaDrizzle)!, rows.find((r) => r.id === prepared)!];
      expect({ ...b, id: "" }).toEqual({ ...a, id: "" });
      expect(b.at).toEqual(new Date("2026-03-08T07:30:00.123Z"));
    }
    db.$client.close();
  });
});
