import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { alerts, auditEvents, locks, smsOptOuts, webhookEvents } from "../../src/db/schema";
import { until, useRelayWorld } from "./relay-world";
import { postSeam, seamWebhook, twilioStatusCallbacks } from "./senders";
import { phoneHash } from "../../src/services/contact-details/contact-details";

/**
 * Issue 9 end to end: providers post to the edge Worker under workerd, it stores the request in D1, and the real
 * staykey app (createApp's own webhook routes, re-verifying every original signature) pulls it home through the
 * puller `staykey serve` starts. Offline: Twilio is the loopback emulator, Seam is a Svix signer.
 */
const DEVICE = "5b0f1c2d-8e7a-4c3b-9d6e-0a1b2c3d4e5f";
const HOST_NUMBER = "+15005550006";

const world = useRelayWorld();

const batteryAlerts = () => world.home.deps.db.select().from(alerts).where(and(eq(alerts.accountId, world.home.accountId), eq(alerts.kind, "battery_low"))).all();
const seamEventsSeen = () => world.home.deps.db.select().from(webhookEvents).where(eq(webhookEvents.provider, "seam")).all();

function lowBattery(options: { id?: string } = {}) {
  return seamWebhook(world.relay.seamSecret, { ...options, eventType: "device.low_battery", event: { device_id: DEVICE, battery_level: 0.12, access_code_id: undefined } });
}

describe("Seam events through the relay into staykey", () => {
  it("raises exactly one battery_low alert for a signed low-battery event, and a replay of its svix-id changes nothing", async () => {
    const lockId = world.home.addSeamLock(DEVICE);
    const hook = lowBattery();
    expect((await postSeam(world.relay.url, hook)).status).toBe(204);
    const retried = await postSeam(world.relay.url, hook); // Svix retrying before home has it
    expect(retried.headers.get("x-relay-duplicate")).toBe("true");

    const p = world.puller();
    expect(await p.pullOnce(undefined, 0)).toEqual({ dispatched: 1, skipped: 0 });
    expect(world.home.answers).toEqual([{ path: "/webhooks/seam", status: 200, outcome: "applied" }]);
    expect(batteryAlerts()).toMatchObject([{ status: "open", severity: "warning", subjectId: lockId }]);
    expect(world.home.deps.db.select().from(locks).where(eq(locks.id, lockId)).get()).toMatchObject({ batteryLevel: 12 });
    expect(await world.pending()).toEqual([]);

    // Svix replays it after the edge purged its copy: the edge stores it afresh, so only home's own svix-id dedupe stands between it and a second alert.
    await world.relay.query("DELETE FROM relay_events");
    const replay = await postSeam(world.relay.url, lowBattery({ id: hook.id }));
    expect(replay.headers.get("x-relay-duplicate")).toBe("false");
    expect(await p.pullOnce(undefined, 0)).toEqual({ dispatched: 1, skipped: 0 });
    expect(world.home.answers.at(-1)).toEqual({ path: "/webhooks/seam", status: 200, outcome: "duplicate" });
    expect(batteryAlerts()).toHaveLength(1);
    expect(seamEventsSeen().map((e) => e.eventId)).toEqual([hook.id]);
    expect(await world.pending()).toEqual([]);
  });

  it("processes an event the edge accepted while home was down, judged at edge receipt however late home pulls it", async () => {
    world.home.addSeamLock(DEVICE);
    const hook = lowBattery();
    expect((await postSeam(world.relay.url, hook)).status).toBe(204);

    // Home is off for ten minutes, twice Svix's five-minute window.
    world.home.deps.clock.advance(10 * 60_000);
    const direct = await world.home.app.request("/webhooks/seam", { method: "POST", headers: hook.headers, body: hook.body });
    expect(direct.status, "the same request straight to home is stale by now").toBe(400);
    expect(await direct.json()).toMatchObject({ code: "timestamp_too_old" });
    expect(batteryAlerts()).toEqual([]);

    const p = world.puller();
    p.start();
    await until(async () => (await world.pending()).length === 0);
    expect(world.home.answers).toEqual([{ path: "/webhooks/seam", status: 200, outcome: "applied" }]);
    expect(batteryAlerts()).toHaveLength(1);
    expect(seamEventsSeen()).toHaveLength(1);
  });
});

describe("Twilio webhooks through the relay into staykey", () => {
  it("moves the message row from sent to delivered on a signed status callback, and never sees a forged one", async () => {
    const [, sent, delivered] = await twilioStatusCallbacks(world.twilio, world.relay.url);
    const sid = delivered!.params.MessageSid!;
    const messageId = world.home.addTwilioMessage(sid, "sent");

    // Someone replays Twilio's signed request with the status changed to a carrier failure.
    const forged = new URLSearchParams({ ...delivered!.params, MessageStatus: "undelivered", ErrorCode: "30005" });
    const refused = await fetch(delivered!.url, { method: "POST", headers: delivered!.headers, body: forged });
    expect(refused.status).toBe(403);
    expect(await world.pending()).toEqual([]);
    const p = world.puller();
    expect(await p.pullOnce(undefined, 0)).toEqual({ dispatched: 0, skipped: 0 });
    expect(world.home.answers).toEqual([]);
    expect(world.home.message(messageId)).toMatchObject({ status: "sent", errorCode: null });

    expect(await world.twilio.deliverCallback(sent!)).toBe(204);
    expect(await world.twilio.deliverCallback(delivered!)).toBe(204);
    expect(await p.pullOnce(undefined, 0)).toEqual({ dispatched: 2, skipped: 0 });
    expect(world.home.answers).toEqual([
      { path: "/webhooks/twilio/status", status: 204 },
      { path: "/webhooks/twilio/status", status: 204 },
    ]);
    expect(world.home.message(messageId)).toMatchObject({ status: "delivered", errorCode: null, deliveredAt: world.home.deps.clock.now() });
    const audit = world.home.deps.db.select().from(auditEvents).where(eq(auditEvents.subjectId, messageId)).all();
    expect(audit.map((a) => a.detail)).toEqual([{ status: "delivered", errorCode: null }]);
    expect(await world.pending()).toEqual([]);
  });

  it("records an inbound STOP in sms_opt_outs at home", async () => {
    const guest = "+15550003333";
    const inbound = await world.twilio.sendInbound(`${world.relay.url}webhooks/twilio/inbound`, { From: guest, To: HOST_NUMBER, Body: "STOP" });
    expect(inbound.status).toBe(200);

    const p = world.puller();
    expect(await p.pullOnce(undefined, 0)).toEqual({ dispatched: 1, skipped: 0 });
    expect(world.home.answers).toEqual([{ path: "/webhooks/twilio/inbound", status: 200 }]);
    expect(world.home.deps.db.select().from(smsOptOuts).all().map((o) => o.phoneHash)).toEqual([phoneHash(world.home.deps.box, guest)]);
    expect(await world.pending()).toEqual([]);
  });
});
