import type { ZwaveJsEvent } from "./zwave-js-client";

/** What a Z-Wave lock reported at its door, in staykey's door-activity words (no PIN ever travels in these). */
export interface ZwaveDoorEvent {
  nodeId: number;
  kind: "unlocked" | "locked" | "access_denied" | "tampered" | "jammed";
  method?: "keypad" | "manual" | "remote" | "auto";
  /** The user code slot the keypad event names. */
  slot?: number;
}

const NOTIFICATION_CC = 113;
const ACCESS_CONTROL = 0x06;
const HOME_SECURITY = 0x07;

/** Notification CC Access Control events (Z-Wave Alliance notification table) that say what happened at the door. */
const ACCESS_CONTROL_EVENTS: Record<number, Pick<ZwaveDoorEvent, "kind" | "method">> = {
  0x01: { kind: "locked", method: "manual" },
  0x02: { kind: "unlocked", method: "manual" },
  0x03: { kind: "locked", method: "remote" },
  0x04: { kind: "unlocked", method: "remote" },
  0x05: { kind: "locked", method: "keypad" },
  0x06: { kind: "unlocked", method: "keypad" },
  0x09: { kind: "locked", method: "auto" },
  0x0b: { kind: "jammed" },
  // "Manually enter user access code exceeds code limit": wrong codes at the keypad.
  0x13: { kind: "access_denied", method: "keypad" },
};

/**
 * A zwave-js-server `notification` event (schema 32+: `{source: "node", event: "notification", nodeId, ccId, args:
 * {type, event, parameters}}`) as a door event, or null for anything else. Keypad events name the user code slot in
 * `parameters.userId` (zwave-js reads it from the event parameters, whether the lock sent a full User Code report or
 * the slot alone).
 */
export function doorEventFromZwave(e: ZwaveJsEvent): ZwaveDoorEvent | null {
  if (e.source !== "node" || e.event !== "notification" || e.ccId !== NOTIFICATION_CC || typeof e.nodeId !== "number") return null;
  const args = (e.args ?? {}) as { type?: unknown; event?: unknown; parameters?: unknown };
  if (args.type === HOME_SECURITY && args.event === 0x03) return { nodeId: e.nodeId, kind: "tampered" };
  if (args.type !== ACCESS_CONTROL || typeof args.event !== "number") return null;
  const mapped = ACCESS_CONTROL_EVENTS[args.event];
  if (!mapped) return null;
  const userId = (args.parameters as { userId?: unknown } | undefined)?.userId;
  return { nodeId: e.nodeId, ...mapped, ...(mapped.method === "keypad" && typeof userId === "number" && userId > 0 ? { slot: userId } : {}) };
}
