import type { PinConstraints } from "../../../domain/pin/constraints";
import { batteryStatusFor } from "../battery-status";
import { ProviderError, type ProviderErrorKind } from "../provider-error";
import { SlotCodeProvider, SlotCodes } from "../slot-codes";
import type { DiscoveredLock, LockCapabilities, LockDevice, LockProvider } from "../types";
import { ZwaveJsClient, type ZwaveJsClientOptions } from "./zwave-js-client";
import { accessControlCommands, ACCESS_CONTROL_SCHEMA } from "./access-control-commands";
import type { ZwaveSlotCommands } from "./slot-commands";
import { userCodeCommands } from "./user-code-commands";
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
/** zwave-js NodeStatus. */
const NODE_DEAD = 3;

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
 * over its WebSocket as Home Assistant does: the server's `endpoint.access_control.*` API where the settled schema
 * (48 on) offers it and the node supports it, User Code CC `set`/`get`/`clear` through `endpoint.invoke_cc_api`
 * otherwise; each write read back from the lock. S2 is the driver's business: the same commands reach an S2 Access
 * Control lock encrypted, only slower. Slot-based like every Z-Wave lock: the caller sets a code at window start,
 * clears it at window end and picks slots with `allocateSlots`. A dead node or a lost server is `offline` (retried,
 * and a lock health reading), never a failed code.
 */
export class ZwaveJsLockProvider extends SlotCodeProvider implements LockProvider {
  readonly kind = "zwave_js" as const;
  readonly client: ZwaveJsClient;
  private readonly locks: Map<string, ZwaveJsLockConfig>;
  protected readonly codes: SlotCodes;
  /** What the lock said it holds, read once per adapter (the adapter lives for one job). */
  private readonly reportedUsers = new Map<string, number>();
  /** Which API reaches each node's slots, decided once per adapter. */
  private readonly slotCommands = new Map<string, Promise<ZwaveSlotCommands>>();

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
        const pin = await (await this.commandsFor(deviceId, "usercode.get")).read(slot);
        return pin === undefined ? undefined : { pin };
      },
      writeSlot: async (deviceId, slot, pin, action) => (await this.commandsFor(deviceId, action)).write(slot, pin, action),
      clearSlot: async (deviceId, slot, action) => (await this.commandsFor(deviceId, action)).clear(slot, action),
    });
  }

  /** Which API carries this node's codes (`access_control` or `user_code`), as the next code command will use. */
  slotApi(deviceId: string): Promise<ZwaveSlotCommands["api"]> {
    return this.commandsFor(deviceId, "access_control.is_supported").then((c) => c.api);
  }

  private commandsFor(deviceId: string, action: string): Promise<ZwaveSlotCommands> {
    let pending = this.slotCommands.get(deviceId);
    if (!pending) {
      pending = this.pickCommands(deviceId, action);
      // A failed probe (server down) is asked again next time rather than remembered.
      pending.catch(() => this.slotCommands.delete(deviceId));
      this.slotCommands.set(deviceId, pending);
    }
    return pending;
  }

  private async pickCommands(deviceId: string, action: string): Promise<ZwaveSlotCommands> {
    const target = { client: this.client, nodeId: this.config(deviceId, action).nodeId, deviceId };
    if ((await this.client.schemaVersion({ action, deviceId })) < ACCESS_CONTROL_SCHEMA) return userCodeCommands(target);
    const { supported } = await this.client.command<{ supported?: boolean }>(
      "endpoint.access_control.is_supported",
      { nodeId: target.nodeId },
      { action: "access_control.is_supported", deviceId },
    );
    return supported === true ? accessControlCommands(target) : userCodeCommands(target);
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
      // A User Credential CC lock has no User Code values: its capacity comes from the access control API.
      if (users === 0 && (await this.commandsFor(deviceId, action)).api === "access_control") {
        const { capabilities } = await this.client.command<{ capabilities?: { maxUsers?: number } }>(
          "endpoint.access_control.get_user_capabilities_cached",
          { nodeId: this.config(deviceId, action).nodeId },
          { action: "access_control.capabilities", deviceId },
        );
        users = capabilities?.maxUsers ?? 0;
      }
      this.reportedUsers.set(deviceId, users);
    }
    return Math.max(0, Math.min(DEFAULT_MANAGED_SLOTS, users - first + 1));
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
