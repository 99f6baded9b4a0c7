import { systemClock, type Clock } from "../../../lib/clock";
import { batteryStatusFor } from "../battery-status";
import { startCallAudit } from "../call-audit";
import { ProviderError, type ProviderErrorKind } from "../provider-error";
import type {
  CreateCodeInput,
  LockCapabilities,
  LockDevice,
  LockProvider,
  OnProviderCall,
  ProviderCode,
  UpdateCodeInput,
} from "../types";

interface SimulatedDevice {
  deviceId: string;
  name: string;
  online: boolean;
  batteryLevel: number;
  lastSeenAt: Date;
  capabilities: LockCapabilities;
  codes: Map<string, ProviderCode>;
}

/** Shared state, so the demo's server and workers (or a test) can look at the same virtual locks. */
export interface SimulatedLockStore {
  devices: Map<string, SimulatedDevice>;
  nextCodeNumber: number;
}

export function createSimulatedLockStore(): SimulatedLockStore {
  return { devices: new Map(), nextCodeNumber: 1 };
}

export interface SimulatedDeviceSpec {
  deviceId: string;
  name?: string;
  online?: boolean;
  batteryLevel?: number;
  capabilities?: Partial<LockCapabilities>;
}

const overlaps = (a: { startsAt?: Date; endsAt?: Date }, b: { startsAt?: Date; endsAt?: Date }) =>
  (a.startsAt?.getTime() ?? -Infinity) < (b.endsAt?.getTime() ?? Infinity) &&
  (b.startsAt?.getTime() ?? -Infinity) < (a.endsAt?.getTime() ?? Infinity);

/**
 * A built-in virtual lock for the embedded default and the demo: native schedules, confirms a code at
 * once while online, refuses work while offline, and rejects a PIN that overlaps another code's PIN.
 */
export class SimulatedLockProvider implements LockProvider {
  readonly kind = "simulated" as const;
  readonly store: SimulatedLockStore;
  private readonly clock: Clock;
  private readonly onCall: OnProviderCall | undefined;

  constructor(opts: { store?: SimulatedLockStore; clock?: Clock; onCall?: OnProviderCall } = {}) {
    this.store = opts.store ?? createSimulatedLockStore();
    this.clock = opts.clock ?? systemClock;
    this.onCall = opts.onCall;
  }

  addDevice(spec: SimulatedDeviceSpec): LockDevice {
    const device: SimulatedDevice = {
      deviceId: spec.deviceId,
      name: spec.name ?? spec.deviceId,
      online: spec.online ?? true,
      batteryLevel: spec.batteryLevel ?? 1,
      lastSeenAt: this.clock.now(),
      capabilities: { scheduling: "native", codeLengths: [4, 5, 6, 7, 8], constraints: {}, ...spec.capabilities },
      codes: new Map(),
    };
    this.store.devices.set(spec.deviceId, device);
    return this.view(device);
  }

  setOnline(deviceId: string, online: boolean): void {
    const d = this.device(deviceId, "set_online");
    d.online = online;
    if (online) d.lastSeenAt = this.clock.now();
  }

  setBattery(deviceId: string, level: number): void {
    this.device(deviceId, "set_battery").batteryLevel = Math.max(0, Math.min(1, level));
  }

  /**
   * Plays someone at the keypad: the code (if any) this PIN opens now, by the code's own schedule, as a real keypad
   * decides. The PIN is compared and forgotten; only the code id comes back.
   */
  keypad(deviceId: string, pin: string): { opened: true; codeId: string } | { opened: false } {
    const d = this.device(deviceId, "keypad");
    const now = this.clock.now().getTime();
    for (const code of d.codes.values()) {
      const live = (code.startsAt?.getTime() ?? -Infinity) <= now && now < (code.endsAt?.getTime() ?? Infinity);
      if (code.pin === pin && live) return { opened: true, codeId: code.codeId };
    }
    return { opened: false };
  }

  capabilities(device: LockDevice): LockCapabilities {
    return device.capabilities;
  }

  async listDevices(): Promise<LockDevice[]> {
    return this.call("devices.list", undefined, () => [...this.store.devices.values()].map((d) => this.view(d)));
  }

  async getDevice(deviceId: string): Promise<LockDevice> {
    return this.call("devices.get", deviceId, () => this.view(this.device(deviceId, "devices.get")));
  }

  async createCode(deviceId: string, input: CreateCodeInput): Promise<ProviderCode> {
    return this.call("codes.create", deviceId, () => {
      const d = this.reachable(deviceId, "codes.create");
      this.assertPinFree(d, input.pin, input, undefined, "codes.create");
      const code: ProviderCode = { codeId: `sim_code_${this.store.nextCodeNumber++}`, name: input.name, pin: input.pin, status: "set" };
      if (input.startsAt) code.startsAt = input.startsAt;
      if (input.endsAt) code.endsAt = input.endsAt;
      d.codes.set(code.codeId, code);
      return { ...code };
    });
  }

  async updateCode(deviceId: string, codeId: string, input: UpdateCodeInput): Promise<ProviderCode> {
    return this.call("codes.update", deviceId, () => {
      const d = this.reachable(deviceId, "codes.update");
      const code = this.code(d, codeId, "codes.update");
      const next: ProviderCode = { ...code, ...input, status: "set" };
      this.assertPinFree(d, next.pin ?? "", next, codeId, "codes.update");
      d.codes.set(codeId, next);
      return { ...next };
    }, codeId);
  }

  async deleteCode(deviceId: string, codeId: string): Promise<void> {
    return this.call("codes.delete", deviceId, () => {
      this.reachable(deviceId, "codes.delete").codes.delete(codeId);
    }, codeId);
  }

  async getCode(deviceId: string, codeId: string): Promise<ProviderCode> {
    return this.call("codes.get", deviceId, () => ({ ...this.code(this.device(deviceId, "codes.get"), codeId, "codes.get") }), codeId);
  }

  async listCodes(deviceId: string): Promise<ProviderCode[]> {
    return this.call("codes.list", deviceId, () => [...this.device(deviceId, "codes.list").codes.values()].map((c) => ({ ...c })));
  }

  private call<T>(action: string, deviceId: string | undefined, fn: () => T, codeId?: string): Promise<T> {
    const audit = startCallAudit(this.onCall, "simulated", { action, ...(deviceId ? { deviceId } : {}), ...(codeId ? { codeId } : {}) });
    try {
      const out = fn();
      audit("ok");
      return Promise.resolve(out);
    } catch (e) {
      audit(e instanceof ProviderError ? e.kind : "transient");
      return Promise.reject(e);
    }
  }

  private fail(kind: ProviderErrorKind, action: string, message: string): never {
    throw new ProviderError({ kind, provider: "simulated", action, message });
  }

  private device(deviceId: string, action: string): SimulatedDevice {
    return this.store.devices.get(deviceId) ?? this.fail("not_found", action, `no device ${deviceId}`);
  }

  private reachable(deviceId: string, action: string): SimulatedDevice {
    const d = this.device(deviceId, action);
    if (!d.online) this.fail("offline", action, `device ${deviceId} is offline`);
    d.lastSeenAt = this.clock.now();
    return d;
  }

  private code(d: SimulatedDevice, codeId: string, action: string): ProviderCode {
    return d.codes.get(codeId) ?? this.fail("not_found", action, `no code ${codeId} on ${d.deviceId}`);
  }

  private assertPinFree(d: SimulatedDevice, pin: string, window: { startsAt?: Date; endsAt?: Date }, self: string | undefined, action: string) {
    for (const other of d.codes.values()) {
      if (other.codeId !== self && other.pin === pin && overlaps(other, window)) {
        throw new ProviderError({ kind: "duplicate_code", provider: "simulated", action, message: `PIN already in use on ${d.deviceId}`, existingCodeId: other.codeId });
      }
    }
  }

  private view(d: SimulatedDevice): LockDevice {
    return {
      deviceId: d.deviceId,
      name: d.name,
      online: d.online,
      batteryLevel: d.batteryLevel,
      batteryStatus: batteryStatusFor(d.batteryLevel),
      lastSeenAt: d.lastSeenAt,
      capabilities: d.capabilities,
    };
  }
}
