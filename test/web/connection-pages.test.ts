import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { userProperties } from "../../src/db/schema";
import { testServiceDeps } from "../support/service-deps";
import { testWorld } from "../support/world";
import { webClient } from "./web-client";

async function twoAccounts() {
  const deps = testServiceDeps();
  const world = testWorld(deps);
  const app = createApp(deps);
  const a = await world.account({ email: "a@example.com", password: "password-a-123" });
  const b = await world.account({ email: "b@example.com", password: "password-b-123" });
  const bConnection = world.connection(b.accountId, { name: "B's Seam", config: { apiKey: "seam_b_secret_7777" } });
  return { deps, world, app, a, b, bConnection };
}

describe("connection pages", () => {
  it("answers another account's connection with 404 on its page and every form, and changes nothing", async () => {
    const { deps, app, bConnection } = await twoAccounts();
    const client = webClient(app);
    await client.signIn("a@example.com", "password-a-123");
    const csrf = await client.csrfFrom("/dashboard/connections");
    const page = await client.get(`/dashboard/connections/${bConnection.id}`);
    expect(page.status).toBe(404);
    expect(page.html).not.toContain("B&#39;s Seam");
    for (const action of ["rotate", "check", "delete", "locks"]) {
      const res = await client.post(`/dashboard/connections/${bConnection.id}/${action}`, { _csrf: csrf, seam_apiKey: "seam_a_takes_over_1111", pick: "x", "property:x": "p" });
      expect({ action, status: res.status }).toEqual({ action, status: 404 });
    }
    const row = deps.db.$client.prepare("select config_enc, rotated_at from provider_connections where id = ?").get(bConnection.id) as { config_enc: string; rotated_at: number | null };
    expect(row).toEqual({ config_enc: bConnection.configEnc, rotated_at: null });
    expect((await client.get("/dashboard/connections")).html).not.toContain("B&#39;s Seam");
  });

  it("never shows a saved key again, only its end, and refuses a missing one beside its field", async () => {
    const { app } = await twoAccounts();
    const client = webClient(app);
    await client.signIn("a@example.com", "password-a-123");
    const csrf = await client.csrfFrom("/dashboard/connections");
    const missing = await client.post("/dashboard/connections", { _csrf: csrf, provider: "seam", seam_name: "Mine", seam_apiKey: "" });
    expect(missing.status).toBe(400);
    expect(missing.html).toMatch(/id="f-seam_apiKey-err"[^>]*>Required\./);
    const saved = await client.post("/dashboard/connections", { _csrf: csrf, provider: "seam", seam_name: "Mine", seam_apiKey: "seam_mine_secret_4242" });
    expect(saved.status).toBe(303);
    const list = await client.get("/dashboard/connections");
    expect(list.html).toContain("API key ending 4242");
    expect(list.html).not.toContain("seam_mine_secret_4242");
  });

  it("is refused to a manager limited to some properties, and sends a cleaner to the portal", async () => {
    const { deps, world, app, a } = await twoAccounts();
    const property = world.property(a.accountId, { name: "A flat" });
    const manager = await world.user(a.accountId, { email: "mgr@example.com", role: "manager", password: "mgr-password-123" });
    deps.db.insert(userProperties).values({ userId: manager.id, propertyId: property.id }).run();
    const scoped = webClient(app);
    await scoped.signIn("mgr@example.com", "mgr-password-123");
    expect((await scoped.get("/dashboard/connections")).status).toBe(403);
    await world.user(a.accountId, { email: "cleaner@example.com", role: "cleaner", password: "cleaner-password-1" });
    const cleaner = webClient(app);
    await cleaner.signIn("cleaner@example.com", "cleaner-password-1");
    expect((await cleaner.get("/dashboard/connections")).location).toBe("/cleaner");
  });
});
