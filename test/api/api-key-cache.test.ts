import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { apiKeys } from "../../src/db/schema";
import { createApiKey } from "../../src/services/accounts/api-keys";
import { apiHarness } from "../support/api-client";
import { testWorld } from "../support/world";

// A verified key is remembered for a few seconds (src/services/accounts/api-keys.ts), so most requests neither hash
// nor read it. What that must not change: a revocation in this process holds from the next request; one written by
// another process on the same file holds within the window; last-used is not written per request.
describe("API keys remembered between requests", () => {
  it("refuses a key removed with its member on the very next request, though it was verified a moment before", async () => {
    const { deps, a } = await apiHarness();
    const manager = await testWorld(deps).user(a.accountId, { email: "mia@example.com", name: "Mia", role: "manager", password: "correct horse battery staple" });
    const member = { userId: manager.id, key: createApiKey(deps.db, deps.clock, { accountId: a.accountId, userId: manager.id, name: "mia", role: "manager" }).key };
    const asMember = () => a.request("GET", "/api/v1/locks", undefined, { authorization: `Bearer ${member.key}` });
    expect((await asMember()).status).toBe(200);
    expect((await a.request("DELETE", `/api/v1/members/${member.userId}`)).status).toBe(204);
    expect((await asMember()).status).toBe(401);
  });

  it("honours a revocation another process wrote once the few seconds are over, and stamps last use once, not per request", async () => {
    const { deps, a } = await apiHarness();
    const created = (await a.request("POST", "/api/v1/api-keys", { name: "other" })).body;
    const withKey = () => a.request("GET", "/api/v1/locks", undefined, { authorization: `Bearer ${created.key}` });
    expect((await withKey()).status).toBe(200);
    const stamped = deps.db.select().from(apiKeys).where(eq(apiKeys.id, created.id)).get()!.lastUsedAt;
    expect(stamped).not.toBeNull();
    deps.clock.advance(1_000);
    expect((await withKey()).status).toBe(200);
    expect(deps.db.select().from(apiKeys).where(eq(apiKeys.id, created.id)).get()!.lastUsedAt).toEqual(stamped);

    // As `staykey` run beside the server would: straight into the database, not through this process's services.
    deps.db.update(apiKeys).set({ revokedAt: deps.clock.now() }).where(eq(apiKeys.id, created.id)).run();
    deps.clock.advance(6_000);
    expect((await withKey()).status).toBe(401);
  });
});
