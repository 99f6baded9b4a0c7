import type { PinConstraints } from "../../domain/pin/constraints";

export type LockProviderKind = "seam" | "home_assistant" | "zwave_js" | "matter" | "simulated";

export type BatteryStatus = "full" | "good" | "low" | "critical";

export interface LockCapabilities {
  /**
   * `native`: the lock (or its cloud) enforces starts_at/ends_at, so a code can be programmed ahead.
   * `slots`: the lock only holds N codes with no schedule; the caller sets a code at window start and
   * removes it at window end.
   */
  scheduling: "native" | "slots";
  /** PIN lengths the lock accepts, ascending. */
  codeLengths: number[];
  constraints: PinConstraints;
  /** How many codes the lock can hold at once, when known. */
  slotCapacity?: number;
  /** First slot staykey may use on slot-based locks (lower ones are left to the owner). */
  firstSlot?: number;
}

export interface LockDevice {
  deviceId: string;
  name: string;
  online: boolean;
  /** 0..1 */
  batteryLevel?: number;
  batteryStatus?: BatteryStatus;
  lastSeenAt?: Date;
  capabilities: LockCapabilities;
}

/** A lock a connection's vendor account or controller holds, as a host picks which to add. */
export interface DiscoveredLock {
  /** What a lock made from it carries as `providerDeviceId` (Seam device id, HA entity id, Z-Wave node id). */
  deviceId: string;
  name: string;
  /** Maker and model, when the vendor says ("Schlage BE469ZP"). */
  model?: string;
  online: boolean;
  /** 0..1 */
  batteryLevel?: number;
  /** The lock's Z-Wave node, where it is one (Home Assistant's Z-Wave JS locks, Z-Wave JS itself). */
  zwaveNodeId?: number;
}

export type ProviderCodeStatus = "setting" | "set" | "failed" | "removing" | "unknown";

/** A code as the provider reports it; `set` means the lock itself confirmed it (what "active" requires). */
export interface ProviderCode {
  codeId: string;
  /** Present when the provider returns it; never log it. */
  pin?: string;
  name: string;
  startsAt?: Date;
  endsAt?: Date;
  status: ProviderCodeStatus;
  /** A provider error code such as `failed_to_set_on_device`; never contains the PIN. */
  error?: string;
  slot?: number;
}

export interface CreateCodeInput {
  name: string;
  pin: string;
  startsAt?: Date;
  endsAt?: Date;
  /** Required in practice on slot-based locks (from `allocateSlots`); ignored by native-schedule providers. */
  slot?: number;
  /** The lock spends the code on its first use (Seam `is_one_time_use`); providers without it ignore it. */
  oneTimeUse?: boolean;
}

export interface UpdateCodeInput {
  pin?: string;
  startsAt?: Date;
  endsAt?: Date;
  name?: string;
}

export interface LockProvider {
  readonly kind: LockProviderKind;
  capabilities(device: LockDevice): LockCapabilities;
  listDevices(): Promise<LockDevice[]>;
  /** Every lock the connection reaches, configured or not (absent where the vendor cannot list them). */
  discoverLocks?(): Promise<DiscoveredLock[]>;
  getDevice(deviceId: string): Promise<LockDevice>;
  /** Throws `ProviderError` kind `offline` when the lock cannot take a code now, `duplicate_code` for a PIN already on it. */
  createCode(deviceId: string, input: CreateCodeInput): Promise<ProviderCode>;
  updateCode(deviceId: string, codeId: string, input: UpdateCodeInput): Promise<ProviderCode>;
  /** Idempotent: deleting a code that is already gone resolves. Confirm removal with `listCodes`. */
  deleteCode(deviceId: string, codeId: string): Promise<void>;
  getCode(deviceId: string, codeId: string): Promise<ProviderCode>;
  /** What is on the lock now (read-back), including codes staykey did not create. */
  listCodes(deviceId: string): Promise<ProviderCode[]>;
}

/** One external call, for the audit log. Deliberately has no PIN, name or credential. */
export interface ProviderCallAudit {
  provider: LockProviderKind;
  action: string;
  deviceId?: string;
  codeId?: string;
  requestId?: string;
  status: "ok" | ProviderErrorKindName;
  ms: number;
}

export type ProviderErrorKindName =
  | "transient"
  | "permanent"
  | "rate_limited"
  | "not_found"
  | "offline"
  | "duplicate_code"
  | "slots_exhausted";

export type OnProviderCall = (audit: ProviderCallAudit) => void;
