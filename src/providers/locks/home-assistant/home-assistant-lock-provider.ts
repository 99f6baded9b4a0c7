import type { PinConstraints } from "../../../domain/pin/constraints";
import { batteryStatusFor } from "../battery-status";
import { ProviderError, type ProviderErrorKind } from "../provider-error";
import { SlotCodeProvider, SlotCodes } from "../slot-codes";
import type { DiscoveredLock, LockCapabilities, LockDevice, LockProvider } from "../types";
import { HomeAssistantClient, type HomeAssistantClientOptions } from "./ha-client";
import { discoverHomeAssistantLocks } from "./ha-lock-discovery";

/** HA does not describe a lock's code slots, so each lock is configured with what its manual says. */
export interface HomeAssistantLockConfig {
  /** The Z-Wave JS lock entity, e.g. `lock.front_door`; also our device id. */
  entityId: string;
  name?: string;
  /** Number of user-code slots staykey may use, starting at `firstSlot`. */
  slotCapacity: number;
  /** Default 1; set higher to leave low slots to the owner's own codes. */
  firstSlot?: number;
  codeLengths?: number[];
  constraints?: PinConstraints;
  /** Default `sensor.<lock object id>_battery_level`, the entity Z-Wave JS creates. */
  batteryEntityId?: string;
}

export interface HomeAssistantLockProviderOptions extends HomeAssistantClientOptions {
  locks: HomeAssistantLockConfig[];
}

const USER_CODE_CC = 99;
/** Z-Wave User Code CC user id status: 0 available, 1 enabled, 2 disabled. */
const OCCUPIED = new Set([1, 2]);

/**
 * Z-Wave JS locks through Home Assistant: slot-based, no schedules, so the caller sets a code at
 * window start and clears it at window end, and picks slots with `allocateSlots`. Read-back calls the
 * User Code CC `get` per slot via `zwave_js.invoke_cc_api` with `?return_response`.
 */
export class HomeAssistantLockProvider extends SlotCodeProvider implements LockProvider {
  readonly kind = "home_assistant" as const;
  private readonly client: HomeAssistantClient;
  private readonly locks: Map<string, HomeAssistantLockConfig>;

  protected readonly codes: SlotCodes;

  constructor(private readonly opts: HomeAssistantLockProviderOptions) {
    super();
    this.client = new HomeAssistantClient(opts);
    this.locks = new Map(opts.locks.map((l) => [l.entityId, l]));
    this.codes = new SlotCodes({
      provider: "home_assistant",
      slotRange: async (deviceId, action) => this.slotRange(this.config(deviceId, action)),
      assertOnline: (deviceId, action) => this.assertOnline(deviceId, action),
      readSlot: async (deviceId, slot) => {
        const pin = await this.readSlot(deviceId, slot);
        return pin === undefined ? undefined : { pin };
      },
      writeSlot: async (deviceId, slot, pin, action) => {
        await this.client.callService("zwave_js", "set_lock_usercode", { entity_id: deviceId, code_slot: slot, usercode: pin }, { action, deviceId, codeId: String(slot) });
      },
      clearSlot: async (deviceId, slot, action) => {
        await this.client.callService("zwave_js", "clear_lock_usercode", { entity_id: deviceId, code_slot: slot }, { action, deviceId, codeId: String(slot) });
      },
    });
  }

  capabilities(device: LockDevice): LockCapabilities {
    return device.capabilities;
  }

  private config(deviceId: string, action: string): HomeAssistantLockConfig {
    const c = this.locks.get(deviceId);
    if (!c) throw this.error("not_found", action, `lock ${deviceId} is not configured`);
    return c;
  }

  private error(kind: ProviderErrorKind, action: string, message: string): ProviderError {
    return new ProviderError({ kind, provider: "home_assistant", action, message });
  }

  private slotRange(c: HomeAssistantLockConfig): number[] {
    const first = c.firstSlot ?? 1;
    return Array.from({ length: c.slotCapacity }, (_, i) => first + i);
  }

  async listDevices(): Promise<LockDevice[]> {
    const out: LockDevice[] = [];
    for (const id of this.locks.keys()) out.push(await this.getDevice(id));
    return out;
  }

  /** Every Z-Wave JS lock entity the Home Assistant holds, configured here or not. */
  discoverLocks(): Promise<DiscoveredLock[]> {
    const { baseUrl, token, addressGuard, onCall } = this.opts;
    return discoverHomeAssistantLocks(this.client, { baseUrl, token, ...(addressGuard ? { addressGuard } : {}), ...(onCall ? { onCall } : {}) });
  }

  async getDevice(deviceId: string): Promise<LockDevice> {
    const c = this.config(deviceId, "states.get");
    const state = await this.client.getState(deviceId, { action: "states.get", deviceId });
    const device: LockDevice = {
      deviceId,
      name: c.name ?? String(state.attributes.friendly_name ?? deviceId),
      online: state.state !== "unavailable" && state.state !== "unknown",
      capabilities: {
        scheduling: "slots",
        codeLengths: c.codeLengths ?? [4, 5, 6, 7, 8],
        constraints: c.constraints ?? (c.codeLengths ? { supportedLengths: c.codeLengths } : {}),
        slotCapacity: c.slotCapacity,
        firstSlot: c.firstSlot ?? 1,
      },
    };
    const seen = state.last_reported ?? state.last_updated;
    if (seen) device.lastSeenAt = new Date(seen);
    const batteryId = c.batteryEntityId ?? `sensor.${deviceId.replace(/^lock\./, "")}_battery_level`;
    try {
      const battery = await this.client.getState(batteryId, { action: "states.get", deviceId });
      const percent = Number(battery.state);
      if (battery.state !== "" && Number.isFinite(percent)) {
        device.batteryLevel = Math.max(0, Math.min(1, percent / 100));
        device.batteryStatus = batteryStatusFor(device.batteryLevel);
      }
    } catch (e) {
      // A lock without a battery sensor is still a lock; anything else is a real failure.
      if (!(e instanceof ProviderError && e.kind === "not_found")) throw e;
    }
    return device;
  }

  private async assertOnline(deviceId: string, action: string): Promise<void> {
    const state = await this.client.getState(deviceId, { action: "states.get", deviceId });
    if (state.state === "unavailable" || state.state === "unknown") throw this.error("offline", action, `lock ${deviceId} is ${state.state}`);
  }

  private async readSlot(deviceId: string, slot: number): Promise<string | undefined> {
    const res = await this.client.callService<{ service_response?: Record<string, unknown> }>(
      "zwave_js",
      "invoke_cc_api",
      { entity_id: deviceId, command_class: String(USER_CODE_CC), method_name: "get", parameters: [slot] },
      { action: "usercode.get", deviceId, codeId: String(slot) },
      true,
    );
    const byTarget = res.service_response ?? {};
    const result = (byTarget[deviceId] ?? Object.values(byTarget)[0]) as { userIdStatus?: number; userCode?: string } | undefined;
    return result && OCCUPIED.has(Number(result.userIdStatus)) && result.userCode ? String(result.userCode) : undefined;
  }
}
