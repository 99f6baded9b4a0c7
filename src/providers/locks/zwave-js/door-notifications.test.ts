import { describe, expect, it } from "vitest";
import { doorEventFromZwave } from "./door-notifications";

const notification = (type: number, event: number, parameters?: unknown) => ({ source: "node", event: "notification", nodeId: 5, endpointIndex: 0, ccId: 113, args: { type, event, parameters } });

describe("Z-Wave notifications as door events", () => {
  it("reads keypad unlocks with the user code slot, and how the bolt moved otherwise", () => {
    expect(doorEventFromZwave(notification(6, 6, { userId: 3 }))).toEqual({ nodeId: 5, kind: "unlocked", method: "keypad", slot: 3 });
    expect(doorEventFromZwave(notification(6, 5, { userId: 2 }))).toEqual({ nodeId: 5, kind: "locked", method: "keypad", slot: 2 });
    expect(doorEventFromZwave(notification(6, 2))).toEqual({ nodeId: 5, kind: "unlocked", method: "manual" });
    expect(doorEventFromZwave(notification(6, 4))).toEqual({ nodeId: 5, kind: "unlocked", method: "remote" });
    expect(doorEventFromZwave(notification(6, 9))).toEqual({ nodeId: 5, kind: "locked", method: "auto" });
    expect(doorEventFromZwave(notification(6, 11))).toEqual({ nodeId: 5, kind: "jammed" });
    expect(doorEventFromZwave(notification(6, 19))).toEqual({ nodeId: 5, kind: "access_denied", method: "keypad" });
    expect(doorEventFromZwave(notification(7, 3))).toEqual({ nodeId: 5, kind: "tampered" });
  });

  it("ignores what is not door activity: other events, other CCs, slot 0 and malformed parameters", () => {
    expect(doorEventFromZwave(notification(6, 6, { userId: 0 }))).toEqual({ nodeId: 5, kind: "unlocked", method: "keypad" });
    expect(doorEventFromZwave(notification(6, 6, { userId: "3" }))).toEqual({ nodeId: 5, kind: "unlocked", method: "keypad" });
    expect(doorEventFromZwave(notification(6, 12))).toBeNull();
    expect(doorEventFromZwave(notification(8, 1))).toBeNull();
    expect(doorEventFromZwave({ ...notification(6, 6), ccId: 98 })).toBeNull();
    expect(doorEventFromZwave({ source: "node", event: "dead", nodeId: 5 })).toBeNull();
    expect(doorEventFromZwave({ source: "client", event: "disconnected" })).toBeNull();
  });
});
