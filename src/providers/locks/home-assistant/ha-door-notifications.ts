import { doorEventFromZwave, type ZwaveDoorEvent } from "../zwave-js/door-notifications";

/** HA's `zwave_js_notification` event: which node and device reported it, and the Notification CC event itself. */
export const ZWAVE_JS_NOTIFICATION_EVENT = "zwave_js_notification";

/**
 * HA's `zwave_js_notification` event data (`{device_id, node_id, home_id, endpoint, command_class, command_class_name,
 * label, type, event, event_label, parameters}`) as a door event, read by the same Notification CC rule as a
 * zwave-js-server `notification` event (HA passes the driver's event through with the fields renamed), or null for
 * anything that is not door activity. `deviceId` is HA's device registry id, which is how the event names its lock.
 */
export function doorEventFromHomeAssistant(data: Record<string, unknown>): (ZwaveDoorEvent & { deviceId: string }) | null {
  if (typeof data.device_id !== "string" || !data.device_id) return null;
  const door = doorEventFromZwave({
    source: "node",
    event: "notification",
    ...(typeof data.node_id === "number" ? { nodeId: data.node_id } : {}),
    ccId: data.command_class,
    args: { type: data.type, event: data.event, parameters: data.parameters },
  });
  return door ? { ...door, deviceId: data.device_id } : null;
}
