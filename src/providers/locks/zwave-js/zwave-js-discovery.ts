import type { DiscoveredLock } from "../types";
import type { ZwaveJsClient } from "./zwave-js-client";

/** The parts of a node in zwave-js-server's `start_listening` state read here (from schema 44 on, CCs are listed per endpoint). */
interface ListedNode {
  nodeId: number;
  name?: string;
  status: number;
  isControllerNode?: boolean;
  deviceConfig?: { manufacturer?: string; label?: string; description?: string };
  endpoints?: Array<{ index: number; commandClasses?: Array<{ id: number }> }>;
  values?: Array<{ commandClass: number; property: string | number; endpoint?: number; value?: unknown }>;
}

/** A lock takes codes through User Code CC, or User Credential CC on newer locks (the access control API serves both). */
const CODE_CCS = new Set([99, 131]);
const BATTERY_CC = 128;
/** zwave-js NodeStatus. */
const NODE_DEAD = 3;

/**
 * The nodes a zwave-js-server holds that take user codes (User Code or User Credential CC on any endpoint), for a host to pick: the whole
 * network's state comes with `start_listening`, the command Home Assistant starts with, so listing sends nothing over
 * the radio. The node id is the lock's device id.
 */
export async function discoverZwaveJsLocks(client: ZwaveJsClient): Promise<DiscoveredLock[]> {
  const res = await client.command<{ state?: { nodes?: ListedNode[] } }>("start_listening", {}, { action: "nodes.list" });
  const out: DiscoveredLock[] = [];
  for (const node of res.state?.nodes ?? []) {
    if (node.isControllerNode) continue;
    if (!(node.endpoints ?? []).some((e) => e.commandClasses?.some((cc) => CODE_CCS.has(cc.id)))) continue;
    const cfg = node.deviceConfig;
    const model = [cfg?.manufacturer, cfg?.label].filter(Boolean).join(" ");
    const battery = node.values?.find((v) => v.commandClass === BATTERY_CC && v.property === "level" && !v.endpoint)?.value;
    out.push({
      deviceId: String(node.nodeId),
      name: node.name || cfg?.description || `Z-Wave node ${node.nodeId}`,
      online: node.status !== NODE_DEAD,
      zwaveNodeId: node.nodeId,
      ...(model ? { model } : {}),
      ...(typeof battery === "number" ? { batteryLevel: Math.max(0, Math.min(1, battery / 100)) } : {}),
    });
  }
  return out.sort((a, b) => Number(a.deviceId) - Number(b.deviceId));
}
