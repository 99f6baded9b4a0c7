import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { webhookEvents } from "../../src/db/schema";
import { registerSeamWebhook } from "../../src/routes/webhooks/seam";
import { alertWorld, type AlertWorld } from "./alert-world";

const DEVICE = "7e6c6a1b-3d2f-4a55-9f00-0d1c2b3a4f5e";
const lowBattery = { event_type: "device.low_battery", device_id: DEVICE, battery_level: 0.12 };

async function world() {
  const w = await alertWorld();
  w.addLock({ provider: "seam", providerDeviceId: DEVICE });
  return w;
}
const stored = (w: AlertWorld) => w.db.select().from(webhookEvents).all();

describe("Seam webhook security", () => {
  it("acts on a correctly signed event", async () => {
    const w = await world();
    const res = await w.seamWebhook(lowBattery);
    expect(res).toMatchObject({ status: 200, body: { outcome: "applied" } });
    expect(w.alertsOf()).toMatchObject([{ kind: "battery_low", status: "open" }]);
  });

  it("refuses a forged signature and changes nothing", async () => {
    const w = await world();
    const res = await w.seamWebhook(lowBattery, { secret: `whsec_${Buffer.from("someone-else's-secret").toString("base64")}` });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: "no_matching_signature" });
    expect(w.alertsOf()).toHaveLength(0);
    expect(stored(w)).toHaveLength(0);
  });

  it("refuses a body changed after signing", async () => {
    const w = await world();
    const signed = await w.seamWebhook(lowBattery, { id: "msg_original" });
    expect(signed.status).toBe(200);
    const raw = JSON.stringify({ ...lowBattery, battery_level: 0.01 });
    const res = await w.postSeam(raw, signed.headers);
    expect(res.status).toBe(403);
    expect(w.alertsOf()).toMatchObject([{ severity: "warning" }]);
  });

  it("treats a replayed svix-id as a no-op", async () => {
    const w = await world();
    expect((await w.seamWebhook(lowBattery, { id: "msg_replayed" })).status).toBe(200);
    await w.settle();
    const again = await w.seamWebhook({ ...lowBattery, battery_level: 0.05 }, { id: "msg_replayed" });
    expect(again).toMatchObject({ status: 200, body: { outcome: "duplicate" } });
    await w.settle();
    expect(w.alertsOf()).toMatchObject([{ kind: "battery_low", severity: "warning" }]);
    expect(w.notices()).toHaveLength(1);
    expect(stored(w)).toHaveLength(1);
  });

  it("refuses an event signed too long ago, or too far in the future", async () => {
    const w = await world();
    const old = await w.seamWebhook(lowBattery, { sentAt: new Date(w.clock.now().getTime() - 10 * 60_000) });
    expect(old).toMatchObject({ status: 400, body: { code: "timestamp_too_old" } });
    const future = await w.seamWebhook(lowBattery, { sentAt: new Date(w.clock.now().getTime() + 10 * 60_000) });
    expect(future).toMatchObject({ status: 400, body: { code: "timestamp_too_new" } });
    expect(w.alertsOf()).toHaveLength(0);
    expect(stored(w)).toHaveLength(0);
  });

  it("refuses unsigned requests and answers 503 when no secret is configured", async () => {
    const w = await world();
    expect((await w.postSeam(JSON.stringify(lowBattery), {})).status).toBe(400);
    const bare = new Hono();
    registerSeamWebhook(bare, { ...w.deps, config: { ...w.deps.config, SEAM_WEBHOOK_SECRET: undefined } });
    expect((await bare.request("/webhooks/seam", { method: "POST", body: "{}" })).status).toBe(503);
  });

  it("hands access-code events to the code lifecycle as a verify job, without the PIN", async () => {
    const w = await world();
    const lock = w.addLock({ provider: "seam", providerDeviceId: "3f0c9e2a-1111-4c4c-8d8d-5e5e5e5e5e5e", name: "Side door" });
    const codeId = w.world.code(lock.id, { state: "programming", providerCodeId: "ac_seam_1" }).id;
    const event = { event_type: "access_code.set_on_device", device_id: lock.providerDeviceId, access_code_id: "ac_seam_1", code: "482913" };
    expect((await w.seamWebhook(event, { id: "msg_code_1" })).body).toMatchObject({ outcome: "applied" });
    expect((await w.seamWebhook(event, { id: "msg_code_1" })).body).toMatchObject({ outcome: "duplicate" });
    const jobs = w.pendingJobs("access-codes.verify-code");
    expect(jobs.map((j) => j.payload)).toEqual([{ codeId }]);
    expect(JSON.stringify(jobs)).not.toContain("482913");

    const unknown = await w.seamWebhook({ event_type: "access_code.failed_to_set_on_device", device_id: lock.providerDeviceId, access_code_id: "ac_not_ours" });
    expect(unknown.body).toMatchObject({ outcome: "ignored" });
  });
});
