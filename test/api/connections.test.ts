import { describe, expect, it } from "vitest";
import { apiHarness } from "../support/api-client";

type Harness = Awaited<ReturnType<typeof apiHarness>>;
const stored = ({ deps }: Pick<Harness, "deps">) => (deps.db.$client.prepare("select count(*) as n from provider_connections").get() as { n: number }).n;

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

  describe("Home Assistant base URLs under the lock address policy", () => {
    const ha = (baseUrl: string) => ({ provider: "home_assistant", name: "HA", config: { baseUrl, token: "ha_token" } });

    it.each([
      ["http://127.0.0.1:8123", /127\.0\.0\.1 is loopback: .*STAYKEY_LOCK_ALLOW_HOSTS/],
      ["http://localhost:8123", /localhost resolves to .* \(loopback\)/],
      ["http://192.168.1.20:8123", /192\.168\.1\.20 is private/],
      ["http://[fd12::5]:8123", /uniqueLocal/],
    ])("refuses %s unless the operator allows it, storing nothing", async (baseUrl, reason) => {
      const { a, deps } = await apiHarness();
      const res = await a.request("POST", "/api/v1/connections", ha(baseUrl));
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ path: "config.baseUrl", message: expect.stringMatching(reason) }]);
      expect(stored({ deps })).toBe(0);
    });

    it("accepts a LAN or same-host Home Assistant the operator allows with STAYKEY_LOCK_ALLOW_HOSTS", async () => {
      const { a } = await apiHarness({ env: { STAYKEY_LOCK_ALLOW_HOSTS: "192.168.1.0/24,localhost" } });
      expect((await a.request("POST", "/api/v1/connections", ha("http://192.168.1.20:8123"))).status).toBe(201);
      expect((await a.request("POST", "/api/v1/connections", ha("http://localhost:8123"))).status).toBe(201);
      expect((await a.request("POST", "/api/v1/connections", ha("http://192.168.2.20:8123"))).status).toBe(400);
    });

    it.each(["http://169.254.169.254/", "http://[fe80::1]:8123", "http://[::ffff:169.254.169.254]/", "http://100.100.100.200/"])(
      "refuses link-local and metadata address %s even when allow-listed",
      async (baseUrl) => {
        const { a, deps } = await apiHarness({ env: { STAYKEY_LOCK_ALLOW_HOSTS: "169.254.0.0/16,fe80::/10,::ffff:0:0/96,100.64.0.0/10" } });
        const res = await a.request("POST", "/api/v1/connections", ha(baseUrl));
        expect(res.status).toBe(400);
        expect(res.body.errors[0].message).toMatch(/never reach link-local or cloud metadata addresses/);
        expect(stored({ deps })).toBe(0);
      },
    );

    it("accepts a public address and refuses other schemes", async () => {
      const { a } = await apiHarness();
      expect((await a.request("POST", "/api/v1/connections", ha("https://93.184.215.14:8123"))).status).toBe(201);
      const ftp = await a.request("POST", "/api/v1/connections", ha("ftp://93.184.215.14/"));
      expect(ftp.status).toBe(400);
      expect(ftp.body.errors[0].path).toBe("config.baseUrl");
    });
  });

  it("stores a Z-Wave JS server's WebSocket URL sealed, under the same address policy", async () => {
    const zwave = (url: string) => ({ provider: "zwave_js", name: "Z-Wave JS UI", config: { url } });
    const closed = await apiHarness();
    const refused = await closed.a.request("POST", "/api/v1/connections", zwave("ws://192.168.1.20:3000"));
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([{ path: "config.url", message: expect.stringMatching(/192\.168\.1\.20 is private.*STAYKEY_LOCK_ALLOW_HOSTS/) }]);
    expect(stored(closed)).toBe(0);

    const { a, deps } = await apiHarness({ env: { STAYKEY_LOCK_ALLOW_HOSTS: "192.168.1.0/24" } });
    const created = await a.request("POST", "/api/v1/connections", zwave("ws://192.168.1.20:3000"));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ provider: "zwave_js", name: "Z-Wave JS UI" });
    expect(JSON.stringify(created.body)).not.toContain("192.168.1.20");
    expect((deps.db.$client.prepare("select config_enc from provider_connections").get() as { config_enc: string }).config_enc).not.toContain("192.168");
    const http = await a.request("POST", "/api/v1/connections", zwave("http://192.168.1.20:3000"));
    expect(http.status).toBe(400);
    expect(http.body.errors[0].path).toBe("config.url");
  });

  it("takes no Seam base URL from a tenant: the Seam API URL is the operator's SEAM_API_URL", async () => {
    const { a, deps } = await apiHarness();
    const res = await a.request("POST", "/api/v1/connections", { ...seam, config: { ...seam.config, baseUrl: "http://127.0.0.1:9/" } });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.errors)).toMatch(/baseUrl/);
    expect(stored({ deps })).toBe(0);
  });
});
