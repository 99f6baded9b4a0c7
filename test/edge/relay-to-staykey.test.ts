import { and, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { alerts, auditEvents, locks, smsOptOuts, webhookEvents } from "../../src/db/schema";
import type { RelayPuller } from "../../src/services/relay";
import { TwilioEmulator } from "../peers/twilio-emulator";
import { startEdgeRelay, type EdgeRelay } from "./relay-harness";
import { postSeam, seamWebhook, twilioStatusCallbacks } from "./senders";
import { startStaykeyHome, type StaykeyHome } from "./staykey-home";

/**
 * Issue 9 end to end: providers post to the edge Worker under workerd, it stores the request in D1, and the real
 * staykey app (createApp's own webhook routes, re-verifying every original signature) pulls it home through the
 * puller `staykey serve` starts. Offline: Twilio is the loopback emulator, Seam is a Svix signer.
 */
const DEVICE = "5b0f1c2d-8e7a-4c3b-9d6e-0a1b2c3d4e5f";
const HOST_NUMBER = "+15005550006";

let relay: EdgeRelay;
let twilio: TwilioEmulator;
let home: StaykeyHome;
const pullers: RelayPuller[] = [];

beforeAll(async () => {
  twilio = await TwilioEmulator.start({ callbacks: "manual" });
  relay = await startEdgeRelay({ bindings: { TWILIO_AUTH_TOKEN: twilio.authToken } });
});
beforeEach(async () => {
  home = await startStaykeyHome(relay, { twilioAuthToken: twilio.authToken });
});
afterEach(async () => {
  await Promise.all(pullers.splice(0).map((p) => p.stop()));
  home.close();
  await relay.query("DELETE FROM relay_events");
});
afterAll(async () => {
  await relay?.dispose();
  await twilio?.close();
});

function puller(): RelayPuller {
  const p = home.puller();
  pullers.push(p);
  return p;
}

const pending = () => relay.query<{ id: string }>("SELECT id FROM relay_events WHERE acked_at IS NULL");
const batteryAlerts = () => home.deps.db.select().from(alerts).where(and(eq(alerts.accountId, home.accountId), eq(alerts.kind, "battery_low"))).all();
const seamEventsSeen = () => home.deps.db.select().from(webhookEvents).where(eq(webhookEvents.provider, "seam")).all();

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 8_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 25));
  }
}

function lowBattery(options: { id?: string } = {}) {
  return seamWebhook(relay.seamSecret, { ...options, eventType: "device.low_battery", event: { device_id: DEVICE, battery_level: 0.12, access_code_id: undefined } });
}

describe("Seam events through the relay into staykey", () => {
  it("raises exactly one battery_low alert for a signed low-battery event, and a replay of its svix-id changes nothing", async () => {
    const lockId = home.addSeamLock(DEVICE);
    const hook = lowBattery();
    expect((await postSeam(relay.url, hook)).status).toBe(204);
    const retried = await postSeam(relay.url, hook); // Svix retrying before home has it
    expect(retried.headers.get("x-relay-duplicate")).toBe("true");

    const p = puller();
    expect(await p.pullOnce(undefined, 0)).toEqual({ dispatched: 1, skipped: 0 });
    expect(home.answers).toEqual([{ path: "/webhooks/seam", status: 200, outcome: "applied" }]);
    expect(batteryAlerts()).toMatchObject([{ status: "open", severity: "warning", subjectId: lockId }]);
    expect(home.deps.db.select().from(locks).where(eq(locks.id, lockId)).get()).toMatchObject({ batteryLevel: 12 });
    expect(await pending()).toEqual([]);

    // Svix replays it after the edge purged its copy: the edge stores it afresh, so only home's own svix-id dedupe stands between it and a second alert.
    await relay.query("DELETE FROM relay_events");
    const replay = await postSeam(relay.url, lowBattery({ id: hook.id }));
    expect(replay.headers.get("x-relay-duplicate")).toBe("false");
    expect(await p.pullOnce(undefined, 0)).toEqual({ dispatched: 1, skipped: 0 });
    expect(home.answers.at(-1)).toEqual({ path: "/webhooks/seam", status: 200, outcome: "duplicate" });
    expect(batteryAlerts()).toHaveLength(1);
    expect(seamEventsSeen().map((e) => e.eventId)).toEqual([hook.id]);
    expect(await pending()).toEqual([]);
  });

  it("processes an event the edge accepted while home was down, judged at edge receipt however late home pulls it", async () => {
    home.addSeamLock(DEVICE);
    const hook = lowBattery();
    expect((await postSeam(relay.url, hook)).status).toBe(204);

    // Home is off for ten minutes, twice Svix's five-minute window.
    home.deps.clock.advance(10 * 60_000);
    const direct = await home.app.request("/webhooks/seam", { method: "POST", headers: hook.headers, body: hook.body });
    expect(direct.status, "the same request straight to home is stale by now").toBe(400);
    expect(await direct.json()).toMatchObject({ code: "timestamp_too_old" });
    expect(batteryAlerts()).toEqual([]);

    const p = puller();
    p.start();
    await until(async () => (await pending()).length === 0);
    expect(home.answers).toEqual([{ path: "/webhooks/seam", status: 200, outcome: "applied" }]);
    expect(batteryAlerts()).toHaveLength(1);
    expect(seamEventsSeen()).toHaveLength(1);
  });
});

describe("Twilio webhooks through the relay into staykey", () => {
  it("moves the message row from sent to delivered on a signed status callback, and never sees a forged one", async () => {
    const [, sent, delivered] = await twilioStatusCallbacks(twilio, relay.url);
    const sid = delivered!.params.MessageSid!;
    const messageId = home.addTwilioMessage(sid, "sent");

    // Someone replays Twilio's signed request with the status changed to a carrier failure.
    const forged = new URLSearchParams({ ...delivered!.params, MessageStatus: "undelivered", ErrorCode: "30005" });
    const refused = await fetch(delivered!.url, { method: "POST", headers: delivered!.headers, body: forged });
    expect(refused.status).toBe(403);
    expect(await pending()).toEqual([]);
    const p = puller();
    expect(await p.pullOnce(undefined, 0)).toEqual({ dispatched: 0, skipped: 0 });
    expect(home.answers).toEqual([]);
    expect(home.message(messageId)).toMatchObject({ status: "sent", errorCode: null });

    expect(await twilio.deliverCallback(sent!)).toBe(204);
    expect(await twilio.deliverCallback(delivered!)).toBe(204);
    expect(await p.pullOnce(undefined, 0)).toEqual({ dispatched: 2, skipped: 0 });
    expect(home.answers).toEqual([
      { path: "/webhooks/twilio/status", status: 204 },
      { path: "/webhooks/twilio/status", status: 204 },
    ]);
    expect(home.message(messageId)).toMatchObject({ status: "delivered", errorCode: null, deliveredAt: home.deps.clock.now() });
    const audit = home.deps.db.select().from(auditEvents).where(eq(auditEvents.subjectId, messageId)).all();
    expect(audit.map((a) => a.detail)).toEqual([{ status: "delivered", errorCode: null }]);
    expect(await pending()).toEqual([]);
  });

  it("records an inbound STOP in sms_opt_outs at home", async () => {
    const guest = "+15550003333";
    const inbound = await twilio.sendInbound(`${relay.url}webhooks/twilio/inbound`, { From: guest, To: HOST_NUMBER, Body: "STOP" });
    expect(inbound.status).toBe(200);

    const p = puller();
    expect(await p.pullOnce(undefined, 0)).toEqual({ dispatched: 1, skipped: 0 });
    expect(home.answers).toEqual([{ path: "/webhooks/twilio/inbound", status: 200 }]);
    expect(home.deps.db.select().from(smsOptOuts).all().map((o) => o.phone)).toEqual([guest]);
    expect(await pending()).toEqual([]);
  });
});
