import { and, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { lockEvents, locks, messages, stays } from "../../src/db/schema";
import { HomeAssistantLockProvider } from "../../src/providers/locks/home-assistant";
import { openRecipient } from "../../src/services/contact-details/contact-details";
import { recordHomeAssistantEvent } from "../../src/services/door/home-assistant-door-events";
import { startHomeAssistantListeners, type HomeAssistantListeners } from "../../src/services/door/home-assistant-listeners";
import { alertWorld, HOST_PHONE } from "../alerts/alert-world";
import { startHomeAssistantEmulator, type HomeAssistantEmulator } from "../peers/home-assistant-emulator";

const HOUR = 3_600_000;
const LOCKS = Array.from({ length: 6 }, (_, i) => ({ entityId: `lock.door_${i + 1}`, name: `Door ${i + 1}`, slots: 6, nodeId: 20 + i }));

let ha: HomeAssistantEmulator;
let lockN = 0;
let running: HomeAssistantListeners | undefined;

beforeAll(async () => {
  ha = await startHomeAssistantEmulator({ locks: [...LOCKS, { entityId: "lock.other_brand", slots: 4, platform: "august" }] });
});
afterEach(async () => {
  running?.stop();
  running = undefined;
  // The next test waits for "one subscription": the emulator must have seen this one's socket go first.
  await until(() => ha.websocket.sockets === 0, "the last test's socket to close");
});
afterAll(async () => {
  await ha.stop();
});

const until = async (check: () => boolean, what: string) => {
  for (let i = 0; i < 400; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
};
const settleAWhile = () => new Promise((r) => setTimeout(r, 200));

/** A host (SMS alert contact, Beach House in New York) with one of the emulator's locks on a Home Assistant connection, and Maya Chen's stay whose code sits in slot 2. */
async function haDoorWorld() {
  const entityId = LOCKS[lockN++]!.entityId;
  const provider = () => new HomeAssistantLockProvider({ baseUrl: ha.baseUrl, token: ha.token, retry: { retries: 0 }, locks: [{ entityId, slotCapacity: 6 }] });
  const w = await alertWorld({ lockProvider: provider, env: { STAYKEY_LOCK_ALLOW_HOSTS: "127.0.0.1" } });
  const connection = w.world.connection(w.accountId, { provider: "home_assistant", name: "Home Assistant", config: { baseUrl: ha.baseUrl, token: ha.token } });
  const lock = w.world.lock(w.propertyId, { provider: "home_assistant", providerDeviceId: entityId, connectionId: connection.id, slotCapacity: 6, health: { online: true } });
  const at = (hours: number) => new Date(w.clock.now().getTime() + hours * HOUR);
  const stay = w.world.stay(w.propertyId, { guestName: "Maya Chen", checkInAt: at(-1), checkOutAt: at(70) });
  const code = w.world.code(lock.id, { stayId: stay.id, state: "active", slot: 2, providerCodeId: "2" });
  const eventsOf = () => w.db.select().from(lockEvents).where(eq(lockEvents.lockId, lock.id)).all();
  const notices = () => w.db.select().from(messages).where(and(eq(messages.accountId, w.accountId), eq(messages.purpose, "arrival_notice"))).all()
    .map((m) => ({ ...m, recipient: openRecipient(w.deps.box, m), body: w.body(m) }));
  const stayRow = () => w.db.select().from(stays).where(eq(stays.id, stay.id)).get()!;
  const lockRow = () => w.db.select().from(locks).where(eq(locks.id, lock.id)).get()!;
  return { ...w, entityId, connection, lock, stay, code, eventsOf, notices, stayRow, lockRow };
}

describe("door activity from Home Assistant's WebSocket API", () => {
  it("a keypad unlock with the stay's slot is one event attributed to the stay, one arrival notice, and the stay is checked in", async () => {
    const w = await haDoorWorld();
    running = startHomeAssistantListeners(w.deps, { backoff: { initialMs: 20, maxMs: 200 } });
    expect(running.running).toBe(1);
    await until(() => ha.websocket.subscriptions("zwave_js_notification") === 1, "the subscription");

    ha.fireZwaveNotification(w.entityId, { type: 6, event: 6, parameters: { userId: 2 } });
    await until(() => w.eventsOf().length === 1, "the event");
    await settleAWhile();
    expect(w.eventsOf()).toMatchObject([{ provider: "home_assistant", kind: "unlocked", method: "keypad", slot: 2, accessCodeId: w.code.id, stayId: w.stay.id, actor: "guest" }]);
    expect(w.stayRow().checkedInAt).toEqual(w.clock.now());
    expect(w.notices()).toMatchObject([{ recipient: HOST_PHONE, channel: "sms", stayId: w.stay.id, body: expect.stringContaining("Maya Chen arrived at Beach House 7:00 AM") }]);
    // The registry was read once for the device, over the subscription's own socket.
    expect(ha.wsCommands.filter((c) => c === "config/entity_registry/list")).toHaveLength(1);
  });

  it("stores manual and jammed events, and nothing for a device that holds no lock of the connection", async () => {
    const w = await haDoorWorld();
    running = startHomeAssistantListeners(w.deps, { backoff: { initialMs: 20, maxMs: 200 } });
    await until(() => ha.websocket.subscriptions("zwave_js_notification") === 1, "the subscription");
    ha.fireZwaveNotification("lock.other_brand", { type: 6, event: 6, parameters: { userId: 2 } });
    ha.fireZwaveNotification(LOCKS[5]!.entityId, { type: 6, event: 2 });
    ha.fireZwaveNotification(w.entityId, { type: 6, event: 2 });
    ha.fireZwaveNotification(w.entityId, { type: 6, event: 11 });
    await until(() => w.eventsOf().length === 2, "the lock's two events");
    await settleAWhile();
    expect(w.eventsOf().map((e) => [e.kind, e.method, e.stayId])).toEqual([["unlocked", "manual", null], ["jammed", "unknown", null]]);
    expect(w.db.select().from(lockEvents).where(eq(lockEvents.accountId, w.accountId)).all()).toHaveLength(2);
    expect(w.stayRow().checkedInAt).toBeNull();
  });

  it("the WebSocket dropped and reconnected: the earlier event stays single, the one after is stored once, and a long loss is the lock-offline alert until HA is back", async () => {
    const w = await haDoorWorld();
    running = startHomeAssistantListeners(w.deps, { backoff: { initialMs: 20, maxMs: 100 }, offlineGraceMs: 150 });
    await until(() => ha.websocket.subscriptions("zwave_js_notification") === 1, "the subscription");
    ha.fireZwaveNotification(w.entityId, { type: 6, event: 6, parameters: { userId: 2 } });
    await until(() => w.eventsOf().length === 1, "the first event");

    ha.websocket.refuse(true);
    ha.websocket.dropAll();
    await until(() => w.lockRow().online === false, "the lock to be reported offline after the grace");
    expect(w.alertsOf("lock_offline")).toMatchObject([{ subjectId: w.lock.id, status: "open" }]);
    expect(w.eventsOf()).toHaveLength(1);

    ha.websocket.refuse(false);
    await until(() => ha.websocket.subscriptions("zwave_js_notification") === 1, "the new subscription");
    await until(() => w.lockRow().online === true, "the lock read back online");
    expect(w.alertsOf("lock_offline")[0]!.status).not.toBe("open");

    ha.fireZwaveNotification(w.entityId, { type: 6, event: 5, parameters: { userId: 2 } });
    await until(() => w.eventsOf().length === 2, "the event after the reconnect");
    await settleAWhile();
    const events = w.eventsOf();
    expect(events.map((e) => e.kind)).toEqual(["unlocked", "locked"]);
    expect(new Set(events.map((e) => e.providerEventId)).size).toBe(2);
    expect(w.notices()).toHaveLength(1);
  });

  it("the same HA event heard twice (two subscriptions, or a reconnect overlapping the old socket) is stored once", async () => {
    const w = await haDoorWorld();
    const event = {
      event_type: "zwave_js_notification",
      time_fired: "2026-11-21T12:00:00.000000+00:00",
      context: { id: "01JDOOR0000000000000000001" },
      data: { device_id: ha.deviceId(w.entityId), node_id: 20, command_class: 113, type: 6, event: 6, parameters: { userId: 2 } },
    };
    const onDevice = async () => [w.entityId];
    const first = await recordHomeAssistantEvent(w.deps, w.connection.id, event, onDevice);
    const again = await recordHomeAssistantEvent(w.deps, w.connection.id, event, onDevice);
    // Without a context the event's content keys it, just as stably.
    const bare = { ...event, context: {} };
    const third = await recordHomeAssistantEvent(w.deps, w.connection.id, bare, onDevice);
    const fourth = await recordHomeAssistantEvent(w.deps, w.connection.id, bare, onDevice);
    expect([first.length, again.length, third.length, fourth.length]).toEqual([1, 0, 1, 0]);
    expect(w.notices()).toHaveLength(1);
  });

  it("stops cleanly: no socket stays open and a connection without locks is not subscribed", async () => {
    const w = await haDoorWorld();
    w.world.connection(w.accountId, { provider: "home_assistant", name: "Empty HA", config: { baseUrl: ha.baseUrl, token: ha.token } });
    running = startHomeAssistantListeners(w.deps, { backoff: { initialMs: 20, maxMs: 200 } });
    expect(running.running).toBe(1);
    await until(() => ha.websocket.subscriptions("zwave_js_notification") === 1, "the subscription");
    running.stop();
    await until(() => ha.websocket.sockets === 0, "the socket to close");
  });
});
