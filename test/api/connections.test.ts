import { describe, expect, it } from "vitest";
import { apiHarness } from "../support/api-client";

const seam = { provider: "seam", name: "Seam workspace", config: { apiKey: "seam_live_supersecret_key_123" } };

describe("provider connections API", () => {
  it("stores credentials sealed and never returns them", async () => {
    const { a, deps } = await apiHarness();
    const created = await a.request("POST", "/api/v1/connections", seam);
    expect(created.status).toBe(201);
    expect(JSON.stringify(created.body)).not.toContain("supersecret");
    const row = deps.db.$client.prepare("select config_enc from provider_connections").get() as { config_enc: string };
    expect(row.config_enc).not.toContain("supersecret");
    const listed = await a.request("GET", "/api/v1/connections");
    expect(JSON.stringify(listed.body)).not.toContain("supersecret");
    expect(listed.body.data).toHaveLength(1);
  });

  it("lets a lock link only its own account's connection, and refuses deleting one in use", async () => {
    const { a, b } = await apiHarness();
    const conn = (await a.request("POST", "/api/v1/connections", seam)).body;
    const prop = (await a.request("POST", "/api/v1/properties", { name: "P", timezone: "Europe/Berlin" })).body;
    const lock = await a.request("POST", "/api/v1/locks", { propertyId: prop.id, name: "Front", provider: "seam", providerDeviceId: "dev_1", connectionId: conn.id });
    expect(lock.status).toBe(201);
    expect((await a.request("DELETE", `/api/v1/connections/${conn.id}`)).status).toBe(409);
    expect((await b.request("GET", `/api/v1/connections/${conn.id}`)).status).toBe(404);
    expect((await b.request("DELETE", `/api/v1/connections/${conn.id}`)).status).toBe(404);
  });

  it("refuses incomplete credentials with a problem naming the field", async () => {
    const { a } = await apiHarness();
    const res = await a.request("POST", "/api/v1/connections", { provider: "home_assistant", name: "HA", config: { baseUrl: "not a url" } });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.errors)).toMatch(/config/);
  });
});
