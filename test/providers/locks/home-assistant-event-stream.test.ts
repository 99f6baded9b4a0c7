import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { HomeAssistantEventStream, type HaBusEvent, type HaStreamStatus } from "../../../src/providers/locks/home-assistant";
import { ProviderError } from "../../../src/providers/locks/provider-error";
import { startHomeAssistantEmulator, type HomeAssistantEmulator } from "../../peers/home-assistant-emulator";

let ha: HomeAssistantEmulator;
const streams: HomeAssistantEventStream[] = [];

beforeAll(async () => {
  ha = await startHomeAssistantEmulator({ locks: [{ entityId: "lock.front_door", slots: 4, nodeId: 14 }, { entityId: "lock.garden_gate", slots: 4, nodeId: 15 }] });
});
afterEach(() => {
  for (const s of streams.splice(0)) s.stop();
});
afterAll(async () => {
  await ha.stop();
});

const until = async (check: () => boolean, what: string) => {
  for (let i = 0; i < 200; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
};

function open(token = ha.token) {
  const events: HaBusEvent[] = [];
  const statuses: HaStreamStatus[] = [];
  const stream = new HomeAssistantEventStream({
    baseUrl: ha.baseUrl,
    token,
    eventType: "zwave_js_notification",
    backoff: { initialMs: 20, maxMs: 200 },
    onEvent: (e) => events.push(e),
    onStatus: (s) => statuses.push(s),
  });
  streams.push(stream);
  stream.start();
  return { stream, events, statuses };
}

describe("Home Assistant's WebSocket event stream against the emulator", () => {
  it("authenticates, subscribes and receives the lock's notification with HA's documented data", async () => {
    const { stream, events, statuses } = open();
    await until(() => stream.subscribed, "the subscription");
    expect(statuses).toEqual([{ state: "subscribed" }]);
    expect(ha.fireZwaveNotification("lock.front_door", { type: 6, event: 6, parameters: { userId: 3 } })).toBe(1);
    await until(() => events.length === 1, "the event");
    expect(events[0]).toMatchObject({
      event_type: "zwave_js_notification",
      data: { device_id: ha.deviceId("lock.front_door"), node_id: 14, command_class: 113, type: 6, event: 6, event_label: "Keypad unlock operation", parameters: { userId: 3 } },
      context: { id: expect.stringMatching(/^[0-9A-Z]{26}$/) },
    });
  });

  it("answers commands on the same socket: the entity registry names the lock's device, an unknown command is refused by its code", async () => {
    const { stream } = open();
    await until(() => stream.subscribed, "the subscription");
    const entries = await stream.command<Array<{ entity_id: string; device_id: string }>>("config/entity_registry/list");
    expect(entries).toContainEqual(expect.objectContaining({ entity_id: "lock.garden_gate", device_id: ha.deviceId("lock.garden_gate") }));
    const err = await stream.command("config/nothing_here").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect((err as ProviderError).providerCode).toBe("unknown_command");
    expect(stream.subscribed).toBe(true);
  });

  it("is refused with a wrong token, receives nothing and waits the longest backoff before trying again", async () => {
    const { stream, events, statuses } = open("wrong-token");
    await until(() => statuses.length > 0, "a status");
    expect(statuses[0]).toEqual({ state: "auth_invalid", retryInMs: 200 });
    expect(stream.subscribed).toBe(false);
    expect(ha.websocket.subscriptions("zwave_js_notification")).toBe(0);
    ha.fireZwaveNotification("lock.front_door", { type: 6, event: 6, parameters: { userId: 1 } });
    await new Promise((r) => setTimeout(r, 50));
    expect(events).toEqual([]);
  });

  it("reconnects after Home Assistant drops the socket and delivers what is fired afterwards once, without repeating earlier events", async () => {
    const { stream, events, statuses } = open();
    await until(() => stream.subscribed, "the subscription");
    ha.fireZwaveNotification("lock.front_door", { type: 6, event: 6, parameters: { userId: 1 } });
    await until(() => events.length === 1, "the first event");

    ha.websocket.refuse(true);
    ha.websocket.dropAll();
    await until(() => statuses.filter((s) => s.state === "disconnected").length >= 2, "failed reconnects");
    const waits = statuses.flatMap((s) => (s.state === "disconnected" ? [s.retryInMs] : []));
    expect(waits.every((w) => w >= 10 && w <= 200)).toBe(true);
    ha.websocket.refuse(false);
    await until(() => stream.subscribed && ha.websocket.subscriptions("zwave_js_notification") === 1, "the new subscription");

    ha.fireZwaveNotification("lock.front_door", { type: 6, event: 1 });
    await until(() => events.length === 2, "the event after the reconnect");
    await new Promise((r) => setTimeout(r, 100));
    expect(events.map((e) => e.data.event)).toEqual([6, 1]);
    expect(new Set(events.map((e) => e.context?.id)).size).toBe(2);
    expect(statuses.at(-1)).toEqual({ state: "subscribed" });
  });

  it("stops for good: no socket stays open and nothing reconnects", async () => {
    const { stream } = open();
    await until(() => stream.subscribed, "the subscription");
    const accepted = ha.websocket.accepted;
    stream.stop();
    await until(() => ha.websocket.sockets === 0, "the socket to close");
    await new Promise((r) => setTimeout(r, 300));
    expect(ha.websocket.accepted).toBe(accepted);
  });
});
