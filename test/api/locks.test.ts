import { describe, expect, it } from "vitest";
import { jobs } from "../../src/db/schema";
import { apiHarness } from "../support/api-client";
import { testWorld } from "../support/world";
import { seedAccount } from "./seed";

async function withProperty() {
  const h = await apiHarness();
  const property = (await h.a.request("POST", "/api/v1/properties", { name: "Cabin", timezone: "America/Denver" })).body;
  const lock = (over: Record<string, unknown> = {}) => ({ propertyId: property.id, name: "Front", provider: "simulated", providerDeviceId: "front-1", ...over });
  return { ...h, property, lock };
}

describe("locks API", () => {
  it("creates a lock with defaults, health fields empty until the lock reports", async () => {
    const { a, lock } = await withProperty();
    const created = await a.request("POST", "/api/v1/locks", lock({ supportedCodeLengths: [4, 6], constraints: { rules: ["no_zeros"] } }));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "Front", nativeSchedules: true, supportedCodeLengths: [4, 6], slotCapacity: null, batteryLevel: null, online: null, connectionId: null });
    expect(created.body.constraints).toEqual({ rules: ["no_zeros"] });
    expect(created.body).not.toHaveProperty("accountId");
    expect((await a.request("GET", `/api/v1/locks/${created.body.id}`)).body).toEqual(created.body);
  });

  it("patches settings without touching the rest, and clears a field with null", async () => {
    const { a, lock } = await withProperty();
    const { body } = await a.request("POST", "/api/v1/locks", lock({ supportedCodeLengths: [6] }));
    const patched = await a.request("PATCH", `/api/v1/locks/${body.id}`, { name: "Front door", nativeSchedules: false, supportedCodeLengths: null });
    expect(patched.body).toMatchObject({ name: "Front door", nativeSchedules: false, supportedCodeLengths: null, providerDeviceId: "front-1" });
  });

  it("refuses a second lock for the same provider device with 409", async () => {
    const { deps, a, lock } = await withProperty();
    await a.request("POST", "/api/v1/locks", lock());
    const dup = await a.request("POST", "/api/v1/locks", lock({ name: "Again" }));
    expect(dup.status).toBe(409);
    expect(deps.db.$client.prepare("select count(*) as n from locks").get()).toEqual({ n: 1 });
  });

  it("accepts only the account's own connection of the same provider", async () => {
    const { deps, a, b, lock } = await withProperty();
    const conn = (id: string, accountId: string, provider: "seam" | "home_assistant") => testWorld(deps).connection(accountId, { id, provider, name: id });
    conn("pc_seam_a", a.accountId, "seam");
    conn("pc_ha_a", a.accountId, "home_assistant");
    conn("pc_seam_b", b.accountId, "seam");
    expect((await a.request("POST", "/api/v1/locks", lock({ provider: "seam", connectionId: "pc_seam_b" }))).status).toBe(404);
    expect((await a.request("POST", "/api/v1/locks", lock({ provider: "seam", connectionId: "pc_ha_a" }))).status).toBe(400);
    expect((await a.request("POST", "/api/v1/locks", lock({ connectionId: "pc_seam_a" }))).status).toBe(400);
    const ok = await a.request("POST", "/api/v1/locks", lock({ provider: "seam", connectionId: "pc_seam_a" }));
    expect(ok.status).toBe(201);
    expect(ok.body.connectionId).toBe("pc_seam_a");
  });

  it("lists by property with cursor pages", async () => {
    const { a, property, lock } = await withProperty();
    const other = (await a.request("POST", "/api/v1/properties", { name: "Other", timezone: "UTC" })).body;
    for (let i = 0; i < 3; i++) await a.request("POST", "/api/v1/locks", lock({ name: `L${i}`, providerDeviceId: `d${i}` }));
    await a.request("POST", "/api/v1/locks", lock({ propertyId: other.id, name: "Elsewhere", providerDeviceId: "x" }));
    const first = await a.request("GET", `/api/v1/locks?propertyId=${property.id}&limit=2`);
    expect(first.body.data).toHaveLength(2);
    const second = await a.request("GET", `/api/v1/locks?propertyId=${property.id}&limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.data).toHaveLength(1);
    expect(second.body.nextCursor).toBeNull();
    // Ids created in the same millisecond order randomly, so compare the pages as a set.
    const names = [...first.body.data, ...second.body.data].map((l: any) => l.name).sort();
    expect(names).toEqual(["L0", "L1", "L2"]);
  });

  it("deletes an idle lock, and refuses while a code is still on it", async () => {
    const { deps, a } = await apiHarness();
    const seeded = await seedAccount(deps, a);
    const busy = await a.request("DELETE", `/api/v1/locks/${seeded.lock.id}`);
    expect(busy.status).toBe(409);
    deps.db.$client.prepare("update access_codes set state = 'revoked'").run();
    expect((await a.request("DELETE", `/api/v1/locks/${seeded.lock.id}`)).status).toBe(204);
    expect((await a.request("GET", `/api/v1/locks/${seeded.lock.id}`)).status).toBe(404);
  });
});

describe("adding a lock to a property with bookings", () => {
  it("asks the planner to plan every guest's stay that has not checked out yet, not an owner's block", async () => {
    const { a, deps } = await apiHarness();
    const planRequested = () => deps.db.select().from(jobs).all().filter((j) => j.name === "access-codes.plan-stay").map((j) => (j.payload as { stayId: string }).stayId);
    const prop = (await a.request("POST", "/api/v1/properties", { name: "P", timezone: "Europe/Berlin" })).body;
    const future = (await a.request("POST", "/api/v1/stays", { propertyId: prop.id, checkInDate: "2026-12-01", checkOutDate: "2026-12-04", guestName: "Ana" })).body;
    const past = (await a.request("POST", "/api/v1/stays", { propertyId: prop.id, checkInDate: "2026-11-01", checkOutDate: "2026-11-04", guestName: "Old" })).body;
    expect(planRequested()).toEqual([future.id, past.id]);
    testWorld(deps).stay(prop.id, { kind: "block", checkInDate: "2026-12-10", checkOutDate: "2026-12-12", checkInAt: "2026-12-10T15:00:00Z", checkOutAt: "2026-12-12T10:00:00Z" });
    deps.db.delete(jobs).run();
    expect((await a.request("POST", "/api/v1/locks", { propertyId: prop.id, name: "Front", provider: "simulated", providerDeviceId: "sim-1" })).status).toBe(201);
    expect(planRequested()).toEqual([future.id]);
  });
});

describe("what each kind of lock takes, in the dashboard's words", () => {
  async function withConnections() {
    const h = await withProperty();
    for (const [id, provider] of [["pc_seam", "seam"], ["pc_ha", "home_assistant"]] as const) testWorld(h.deps).connection(h.a.accountId, { id, provider, name: id });
    const refused = async (method: string, path: string, body: unknown) => {
      const res = await h.a.request(method, path, body);
      expect(res.status).toBe(400);
      return res.body.errors as Array<{ path: string; message: string }>;
    };
    return { ...h, refused };
  }

  it("refuses a Seam or Home Assistant lock without a connection, on create and by PATCH", async () => {
    const { a, lock, refused } = await withConnections();
    for (const provider of ["seam", "home_assistant"]) {
      expect(await refused("POST", "/api/v1/locks", lock({ provider }))).toEqual([{ path: "connectionId", message: "Choose the connection this lock is reached through." }]);
    }
    const seam = (await a.request("POST", "/api/v1/locks", lock({ provider: "seam", connectionId: "pc_seam" }))).body;
    expect(await refused("PATCH", `/api/v1/locks/${seam.id}`, { connectionId: null })).toEqual([{ path: "connectionId", message: "Choose the connection this lock is reached through." }]);
    expect((await a.request("GET", `/api/v1/locks/${seam.id}`)).body.connectionId).toBe("pc_seam");
  });

  it("gives a slot capacity to real keypads (Seam, Home Assistant), never to a simulated lock, on create and by PATCH", async () => {
    const { a, lock, refused } = await withConnections();
    const words = [{ path: "slotCapacity", message: "A simulated lock has no code slots to count; leave the slot capacity empty." }];
    expect(await refused("POST", "/api/v1/locks", lock({ slotCapacity: 4 }))).toEqual(words);
    // A Seam keypad holds a fixed number of codes too.
    expect((await a.request("POST", "/api/v1/locks", lock({ provider: "seam", providerDeviceId: "dev-slots", connectionId: "pc_seam", slotCapacity: 30 }))).body).toMatchObject({ slotCapacity: 30 });
    const sim = (await a.request("POST", "/api/v1/locks", lock())).body;
    expect(await refused("PATCH", `/api/v1/locks/${sim.id}`, { slotCapacity: 4 })).toEqual(words);
    const ha = await a.request("POST", "/api/v1/locks", lock({ provider: "home_assistant", providerDeviceId: "lock.front", connectionId: "pc_ha", slotCapacity: 4 }));
    expect(ha.body).toMatchObject({ slotCapacity: 4 });
    expect((await a.request("PATCH", `/api/v1/locks/${ha.body.id}`, { slotCapacity: 6 })).body).toMatchObject({ slotCapacity: 6 });
  });

  it("refuses native schedules on a Home Assistant lock by PATCH, as create does", async () => {
    const { a, lock, refused } = await withConnections();
    const ha = (await a.request("POST", "/api/v1/locks", lock({ provider: "home_assistant", providerDeviceId: "lock.front", connectionId: "pc_ha" }))).body;
    expect((await refused("PATCH", `/api/v1/locks/${ha.id}`, { nativeSchedules: true })).map((e) => e.path)).toEqual(["nativeSchedules"]);
    expect((await a.request("GET", `/api/v1/locks/${ha.id}`)).body.nativeSchedules).toBe(false);
  });
});

describe("a second lock for stays already planned", () => {
  it("plans them again even though their plan jobs already ran: the new door needs their codes too", async () => {
    const { a, deps } = await apiHarness();
    const prop = (await a.request("POST", "/api/v1/properties", { name: "P", timezone: "Europe/Berlin" })).body;
    expect((await a.request("POST", "/api/v1/locks", { propertyId: prop.id, name: "Front", provider: "simulated", providerDeviceId: "sim-front" })).status).toBe(201);
    const stay = (await a.request("POST", "/api/v1/stays", { propertyId: prop.id, checkInDate: "2026-12-01", checkOutDate: "2026-12-04", guestName: "Ana" })).body;
    const planJobs = () => deps.db.select().from(jobs).all().filter((j) => j.name === "access-codes.plan-stay" && (j.payload as { stayId: string }).stayId === stay.id);
    expect(planJobs()).toHaveLength(1);
    // The planner ran: its job is kept as completed (that is how a re-sent change stays a no-op).
    deps.db.update(jobs).set({ state: "completed", finishedAt: deps.clock.now() }).run();

    expect((await a.request("POST", "/api/v1/locks", { propertyId: prop.id, name: "Back", provider: "simulated", providerDeviceId: "sim-back" })).status).toBe(201);
    const waiting = planJobs().filter((j) => j.state !== "completed");
    expect(waiting).toHaveLength(1);
    expect((await a.request("GET", `/api/v1/stays/${stay.id}`)).body.version).toBe(stay.version + 1);
  });
});

describe("scheduling of a new lock", () => {
  it("treats Home Assistant locks as slot-based and refuses to call them scheduled", async () => {
    const { a } = await apiHarness();
    const prop = (await a.request("POST", "/api/v1/properties", { name: "P", timezone: "Europe/Berlin" })).body;
    const conn = (await a.request("POST", "/api/v1/connections", { provider: "home_assistant", name: "HA", config: { baseUrl: "http://ha.local:8123", token: "t" } })).body;
    const ha = await a.request("POST", "/api/v1/locks", { propertyId: prop.id, name: "Z-Wave", provider: "home_assistant", providerDeviceId: "lock.front", connectionId: conn.id, slotCapacity: 5 });
    expect(ha.body).toMatchObject({ nativeSchedules: false });
    const sim = await a.request("POST", "/api/v1/locks", { propertyId: prop.id, name: "Sim", provider: "simulated", providerDeviceId: "sim-9" });
    expect(sim.body).toMatchObject({ nativeSchedules: true });
    const wrong = await a.request("POST", "/api/v1/locks", { propertyId: prop.id, name: "Z2", provider: "home_assistant", providerDeviceId: "lock.back", connectionId: conn.id, nativeSchedules: true });
    expect(wrong.status).toBe(400);
    expect(JSON.stringify(wrong.body.errors)).toContain("nativeSchedules");
  });

  it("treats Z-Wave JS locks as slot-based and takes their node id as the device id", async () => {
    const { a } = await apiHarness({ env: { STAYKEY_LOCK_ALLOW_HOSTS: "192.168.1.0/24" } });
    const prop = (await a.request("POST", "/api/v1/properties", { name: "P", timezone: "Europe/Berlin" })).body;
    const conn = (await a.request("POST", "/api/v1/connections", { provider: "zwave_js", name: "Z-Wave JS UI", config: { url: "ws://192.168.1.20:3000" } })).body;
    const zw = await a.request("POST", "/api/v1/locks", { propertyId: prop.id, name: "Front", provider: "zwave_js", providerDeviceId: "5", connectionId: conn.id });
    expect(zw.status).toBe(201);
    expect(zw.body).toMatchObject({ provider: "zwave_js", nativeSchedules: false, providerDeviceId: "5" });
    const named = await a.request("POST", "/api/v1/locks", { propertyId: prop.id, name: "Back", provider: "zwave_js", providerDeviceId: "lock.back", connectionId: conn.id });
    expect(named.status).toBe(400);
    expect(named.body.errors).toContainEqual({ path: "providerDeviceId", message: expect.stringMatching(/node id/) });
    const scheduled = await a.request("POST", "/api/v1/locks", { propertyId: prop.id, name: "Side", provider: "zwave_js", providerDeviceId: "6", connectionId: conn.id, nativeSchedules: true });
    expect(scheduled.status).toBe(400);
    expect(JSON.stringify(scheduled.body.errors)).toContain("nativeSchedules");
    const ha = (await a.request("POST", "/api/v1/connections", { provider: "home_assistant", name: "HA", config: { baseUrl: "http://192.168.1.21:8123", token: "t" } })).body;
    const crossed = await a.request("POST", "/api/v1/locks", { propertyId: prop.id, name: "Gate", provider: "zwave_js", providerDeviceId: "7", connectionId: ha.id });
    expect(crossed.status).toBe(400);
  });
});
