import type { PinConstraints } from "../../../domain/pin/constraints";
import { batteryStatusFor } from "../battery-status";
import { ProviderError, type ProviderErrorKind } from "../provider-error";
import { SlotCodeProvider, SlotCodes } from "../slot-codes";
import type { DiscoveredLock, LockCapabilities, LockDevice, LockProvider } from "../types";
import { ZwaveJsClient, type ZwaveJsClientOptions } from "./zwave-js-client";
import { discoverZwaveJsLocks } from "./zwave-js-discovery";

/** One lock on the Z-Wave network: its node id is staykey's device id. */
export interface ZwaveJsLockConfig {
  nodeId: number;
  name?: string;
  /**
   * User-code slots staykey may use, from `firstSlot` on. Unset: what the lock reports, at most
   * `DEFAULT_MANAGED_SLOTS` (each read-back reads every managed slot over the radio).
   */
  slotCapacity?: number;
  /** Default 1; set higher to leave low slots to the owner's own codes. */
  firstSlot?: number;
  codeLengths?: number[];
  constraints?: PinConstraints;
}

export interface ZwaveJsLockProviderOptions extends ZwaveJsClientOptions {
  locks: ZwaveJsLockConfig[];
  /** Share one socket between adapters of the same connection; made from the options otherwise. */
  client?: ZwaveJsClient;
}

export const DEFAULT_MANAGED_SLOTS = 10;

const CC = { userCode: 99, battery: 128 } as const;
/** User Code CC user id status: 0 available, 1 enabled, 2 disabled (254 is "no such slot"). */
const OCCUPIED = new Set([1, 2]);
const ENABLED = 1;
/** zwave-js NodeStatus. */
const NODE_DEAD = 3;
/** SupervisionStatus.Fail: the lock took the command and refused it. */
const SUPERVISION_FAIL = 2;

interface ValueDump {
  commandClass: number;
  property: string | number;
  propertyKey?: string | number;
  endpoint?: number;
  value?: unknown;
}

interface NodeDump {
  nodeId: number;
  name?: string;
  status: number;
  ready?: boolean;
  lastSeen?: string;
  values?: ValueDump[];
}

/**
 * Z-Wave locks through zwave-js-server (Z-Wave JS UI, or the server Home Assistant's integration talks to), spoken
 * over its WebSocket as Home Assistant does: User Code CC `set`/`get`/`clear` through `endpoint.invoke_cc_api`, each
 * write read back from the lock. Slot-based like every Z-Wave lock: the caller sets a code at window start, clears it
 * at window end and picks slots with `allocateSlots`. A dead node or a lost server is `offline` (retried, and a lock
 * health reading), never a failed code.
 */
export class ZwaveJsLockProvider extends SlotCodeProvider implements LockProvider {
  readonly kind = "zwave_js" as const;
  readonly client: ZwaveJsClient;
  private readonly locks: Map<string, ZwaveJsLockConfig>;
  protected readonly codes: SlotCodes;
  /** What the lock said it holds, read once per adapter (the adapter lives for one job). */
  private readonly reportedUsers = new Map<string, number>();

  constructor(opts: ZwaveJsLockProviderOptions) {
    super();
    this.client = opts.client ?? new ZwaveJsClient(opts);
    this.locks = new Map(opts.locks.map((l) => [String(l.nodeId), l]));
    this.codes = new SlotCodes({
      provider: "zwave_js",
      slotRange: async (deviceId, action) => this.slotRange(deviceId, action),
      assertOnline: async (deviceId, action) => {
        const node = await this.nodeState(deviceId, action);
        if (node.status === NODE_DEAD) throw this.error("offline", action, `node ${deviceId} is dead`);
      },
      readSlot: async (deviceId, slot) => {
        const pin = await this.readSlot(deviceId, slot);
        return pin === undefined ? undefined : { pin };
      },
      writeSlot: async (deviceId, slot, pin, action) => {
        const res = await this.invoke(deviceId, CC.userCode, "set", [slot, ENABLED, pin], action, slot);
        if (res?.status === SUPERVISION_FAIL) throw this.refused(action, slot);
      },
      clearSlot: async (deviceId, slot, action) => {
        const res = await this.invoke(deviceId, CC.userCode, "clear", [slot], action, slot);
        if (res?.status === SUPERVISION_FAIL) throw this.refused(action, slot);
      },
    });
  }

  private refused(action: string, slot: number): ProviderError {
    return new ProviderError({ kind: "permanent", provider: "zwave_js", action, message: `the lock refused the change to slot ${slot}`, providerCode: "refused_by_lock" });
  }

  capabilities(device: LockDevice): LockCapabilities {
    return device.capabilities;
  }

  private config(deviceId: string, action: string): ZwaveJsLockConfig {
    const c = this.locks.get(deviceId);
    if (!c) throw this.error("not_found", action, `node ${deviceId} is not configured`);
    return c;
  }

  private error(kind: ProviderErrorKind, action: string, message: string): ProviderError {
    return new ProviderError({ kind, provider: "zwave_js", action, message });
  }

  private nodeState(deviceId: string, action: string): Promise<NodeDump> {
    const c = this.config(deviceId, action);
    return this.client.command<{ state: NodeDump }>("node.get_state", { nodeId: c.nodeId }, { action: "node.get_state", deviceId }).then((r) => r.state);
  }

  private async invoke(deviceId: string, commandClass: number, methodName: string, args: unknown[], action: string, slot?: number): Promise<Record<string, unknown> | undefined> {
    const c = this.config(deviceId, action);
    const res = await this.client.command<{ response?: Record<string, unknown> }>(
      "endpoint.invoke_cc_api",
      { nodeId: c.nodeId, commandClass, methodName, args },
      { action, deviceId, ...(slot !== undefined ? { codeId: String(slot) } : {}) },
    );
    return res.response ?? undefined;
  }

  private async slotRange(deviceId: string, action: string): Promise<number[]> {
    const c = this.config(deviceId, action);
    const first = c.firstSlot ?? 1;
    const capacity = c.slotCapacity ?? (await this.managedSlots(deviceId, action, first));
    return Array.from({ length: capacity }, (_, i) => first + i);
  }

  /** Without a configured capacity: as many slots as the lock has from `first` on, at most DEFAULT_MANAGED_SLOTS. */
  private async managedSlots(deviceId: string, action: string, first: number): Promise<number> {
    let users = this.reportedUsers.get(deviceId);
    if (users === undefined) {
      const values = (await this.nodeState(deviceId, action)).values ?? [];
      const slots = values.filter((v) => v.commandClass === CC.userCode && v.property === "userIdStatus" && typeof v.propertyKey === "number");
      users = slots.reduce((max, v) => Math.max(max, Number(v.propertyKey)), 0);
      this.reportedUsers.set(deviceId, users);
    }
    return Math.max(0, Math.min(DEFAULT_MANAGED_SLOTS, users - first + 1));
  }

  private async readSlot(deviceId: string, slot: number): Promise<string | undefined> {
    const res = await this.invoke(deviceId, CC.userCode, "get", [slot], "usercode.get", slot);
    const code = res?.userCode;
    return res && OCCUPIED.has(Number(res.userIdStatus)) && typeof code === "string" && code !== "" ? code : undefined;
  }

  async listDevices(): Promise<LockDevice[]> {
    const out: LockDevice[] = [];
    for (const id of this.locks.keys()) out.push(await this.getDevice(id));
    return out;
  }

  /** Every node on the network that takes user codes, configured here or not. */
  discoverLocks(): Promise<DiscoveredLock[]> {
    return discoverZwaveJsLocks(this.client);
  }

  /** Node status (dead is offline), battery and last contact from the driver's view of the node; no radio traffic. */
  async getDevice(deviceId: string): Promise<LockDevice> {
    const c = this.config(deviceId, "node.get_state");
    const node = await this.nodeState(deviceId, "node.get_state");
    const slots = await this.slotRange(deviceId, "node.get_state");
    const device: LockDevice = {
      deviceId,
      name: c.name ?? node.name ?? `Z-Wave node ${c.nodeId}`,
      online: node.status !== NODE_DEAD,
      capabilities: {
        scheduling: "slots",
        codeLengths: c.codeLengths ?? [4, 5, 6, 7, 8],
        constraints: c.constraints ?? (c.codeLengths ? { supportedLengths: c.codeLengths } : {}),
        slotCapacity: slots.length,
        firstSlot: c.firstSlot ?? 1,
      },
    };
    if (node.lastSeen) {
      const seen = new Date(node.lastSeen);
      if (!Number.isNaN(seen.getTime())) device.lastSeenAt = seen;
    }
    const battery = node.values?.find((v) => v.commandClass === CC.battery && v.property === "level" && !v.endpoint);
    if (typeof battery?.value === "number") {
      device.batteryLevel = Math.max(0, Math.min(1, battery.value / 100));
      device.batteryStatus = batteryStatusFor(device.batteryLevel);
    }
    return device;
  }
}
