import { describe, expect, it } from "vitest";
import { doorEventFromHomeAssistant } from "./ha-door-notifications";

const data = (over: Record<string, unknown>) => ({
  domain: "zwave_js", node_id: 14, home_id: 3967834253, endpoint: 0, device_id: "9f0c2d", command_class: 113, command_class_name: "Notification",
  label: "Access Control", type: 6, event: 6, event_label: "Keypad unlock operation", parameters: { userId: 4 }, ...over,
});

describe("HA's zwave_js_notification as door activity", () => {
  it("reads a keypad unlock with the user code slot, naming the device", () => {
    expect(doorEventFromHomeAssistant(data({}))).toEqual({ nodeId: 14, deviceId: "9f0c2d", kind: "unlocked", method: "keypad", slot: 4 });
  });

  it("reads manual lock and unlock, keypad lock, jammed and tampering", () => {
    expect(doorEventFromHomeAssistant(data({ event: 1, parameters: {} }))).toMatchObject({ kind: "locked", method: "manual" });
    expect(doorEventFromHomeAssistant(data({ event: 2, parameters: {} }))).toMatchObject({ kind: "unlocked", method: "manual" });
    expect(doorEventFromHomeAssistant(data({ event: 5, parameters: { userId: 2 } }))).toMatchObject({ kind: "locked", method: "keypad", slot: 2 });
    expect(doorEventFromHomeAssistant(data({ event: 11, parameters: {} }))).toMatchObject({ kind: "jammed" });
    expect(doorEventFromHomeAssistant(data({ type: 7, event: 3, label: "Home Security" }))).toMatchObject({ kind: "tampered" });
  });

  it("ignores other command classes, other notifications and events without a device", () => {
    expect(doorEventFromHomeAssistant(data({ command_class: 111, command_class_name: "Entry Control" }))).toBeNull();
    expect(doorEventFromHomeAssistant(data({ type: 8, event: 1 }))).toBeNull();
    expect(doorEventFromHomeAssistant(data({ device_id: undefined }))).toBeNull();
  });
});
