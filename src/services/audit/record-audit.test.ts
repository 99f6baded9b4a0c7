import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { auditEvents } from "../../db/schema";
import { testDeps } from "../../../test/support/test-deps";
import { createAccount } from "../accounts/create-account";
import { recordAudit } from "./record-audit";

describe("recordAudit", () => {
  it("writes a row drizzle reads back exactly (timestamp, JSON detail, defaults)", async () => {
    const deps = testDeps({ now: "2026-11-21T12:34:56.789Z" });
    const { accountId } = await createAccount(deps, { name: "a", ownerEmail: "a@example.com" });
    const id = recordAudit(deps.db, deps.clock, {
      accountId, actor: "system", action: "lock.create_code", subjectType: "lock", subjectId: "lock_1",
      provider: "seam", providerRequestId: "req_9", detail: { status: "ok", ms: 12, nested: { a: [1, 2] } },
    });
    const minimal = recordAudit(deps.db, deps.clock, { accountId, actor: "api", action: "x", subjectType: "feed", subjectId: "feed_1" });
    expect(deps.db.select().from(auditEvents).where(eq(auditEvents.id, id)).get()).toEqual({
      id, accountId, at: new Date("2026-11-21T12:34:56.789Z"), actor: "system", action: "lock.create_code", subjectType: "lock",
      subjectId: "lock_1", outcome: "ok", provider: "seam", providerRequestId: "req_9", detail: { status: "ok", ms: 12, nested: { a: [1, 2] } },
    });
    expect(deps.db.select().from(auditEvents).where(eq(auditEvents.id, minimal)).get()).toMatchObject({ outcome: "ok", provider: null, providerRequestId: null, detail: null });
  });
});
