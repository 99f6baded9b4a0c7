import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { apiKeys, auditEvents } from "../../src/db/schema";
import { apiHarness } from "../support/api-client";
import { signedInHost } from "../web/signed-in-host";

describe("API keys in the audit log", () => {
  it("records a key made and revoked over the API with its name and role and the key that did it, never the key", async () => {
    const h = await apiHarness();
    const made = await h.a.request("POST", "/api/v1/api-keys", { name: "Zapier", role: "manager" });
    expect(made.status).toBe(201);
    expect((await h.a.request("DELETE", `/api/v1/api-keys/${made.body.id}`)).status).toBe(204);
    // Revoking it again changes nothing, so it is no second event.
    await h.a.request("DELETE", `/api/v1/api-keys/${made.body.id}`);

    const caller = h.deps.db.select({ id: apiKeys.id }).from(apiKeys).where(and(eq(apiKeys.accountId, h.a.accountId), eq(apiKeys.name, "test"))).get()!;
    const log = (await h.a.request("GET", "/api/v1/audit-events?subjectType=api_key")).body.data;
    expect(log.filter((e: { subjectId: string }) => e.subjectId === made.body.id).map((e: Record<string, unknown>) => [e.action, e.actor, e.detail])).toEqual([
      ["api_key.create", `api_key:${caller.id}`, { name: "Zapier", role: "manager", member: expect.any(String) }],
      ["api_key.revoke", `api_key:${caller.id}`, { name: "Zapier", role: "manager", member: expect.any(String) }],
    ]);
    const rows = JSON.stringify(h.deps.db.select().from(auditEvents).all());
    expect(rows).not.toContain(made.body.key);
    expect(rows).not.toContain(made.body.key.slice(0, 10));
    // Another account's log shows none of it.
    expect((await h.b.request("GET", "/api/v1/audit-events?subjectType=api_key")).body.data.map((e: { subjectId: string }) => e.subjectId)).not.toContain(made.body.id);
  });

  it("names the signed-in member who made and revoked a key on the dashboard", async () => {
    const { deps, owner, client } = await signedInHost({ email: "host@example.com", password: "correct horse battery" });
    const created = await client.post("/dashboard/api-keys", { _csrf: await client.csrfFrom("/dashboard/api-keys"), name: "Spreadsheet", role: "read_only" });
    expect(created.status).toBe(200);
    const key = deps.db.select().from(apiKeys).where(eq(apiKeys.name, "Spreadsheet")).get()!;
    expect((await client.post(`/dashboard/api-keys/${key.id}/revoke`, { _csrf: await client.csrfFrom("/dashboard/api-keys") })).status).toBe(303);

    const log = deps.db.select().from(auditEvents).where(eq(auditEvents.subjectId, key.id)).all();
    expect(log.map((e) => [e.action, e.actor, e.accountId, e.detail])).toEqual([
      ["api_key.create", `user:${owner.userId}`, owner.accountId, { name: "Spreadsheet", role: "read_only", member: owner.userId }],
      ["api_key.revoke", `user:${owner.userId}`, owner.accountId, { name: "Spreadsheet", role: "read_only", member: owner.userId }],
    ]);
    const shown = /sk_[A-Za-z0-9_-]{20,}/.exec(created.html)![0];
    expect(JSON.stringify(log)).not.toContain(shown);
  });
});
