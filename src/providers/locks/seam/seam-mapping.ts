import { LOCK_CONSTRAINT_RULES, MAX_PIN_LENGTH, MIN_PIN_LENGTH, type LockConstraintRule } from "../../../domain/pin/constraints";
import type { BatteryStatus, DiscoveredLock, LockCapabilities, LockDevice, ProviderCode, ProviderCodeStatus } from "../types";

/** The parts of Seam's device and access_code objects we read; everything else is ignored. */
export interface SeamDevice {
  device_id: string;
  display_name?: string;
  properties?: {
    name?: string;
    online?: boolean;
    battery_level?: number;
    battery?: { level?: number; status?: BatteryStatus };
    code_constraints?: Array<{ constraint_type: string; min_length?: number; max_length?: number }>;
    supported_code_lengths?: number[];
    max_active_codes_supported?: number;
    appearance?: { name?: string };
    model?: { display_name?: string; manufacturer_display_name?: string };
  };
  errors?: Array<{ error_code: string }>;
}

export interface SeamAccessCode {
  access_code_id: string;
  device_id: string;
  name?: string | null;
  code?: string | null;
  starts_at?: string | null;
  ends_at?: string | null;
  status: string;
  errors?: Array<{ error_code: string }>;
}

/** One event from `/events/list`: the same object a webhook carries, of which only the id and creation time are promised. */
export type SeamEventRecord = { event_id: string; created_at: string; event_type?: unknown } & Record<string, unknown>;

const OFFLINE_ERRORS = new Set(["device_offline", "device_disconnected", "hub_disconnected", "account_disconnected"]);
const FAILED_ERRORS = new Set(["failed_to_set_on_device", "failed_to_set_access_code", "code_modified_external_to_seam"]);
const KNOWN_RULES = new Set<string>(LOCK_CONSTRAINT_RULES);

export function seamCapabilities(device: SeamDevice): LockCapabilities {
  const p = device.properties ?? {};
  const supported = (p.supported_code_lengths ?? []).filter((n) => n >= MIN_PIN_LENGTH && n <= MAX_PIN_LENGTH);
  const rules = (p.code_constraints ?? [])
    .map((c) => c.constraint_type)
    .filter((t): t is LockConstraintRule => KNOWN_RULES.has(t));
  const caps: LockCapabilities = {
    scheduling: "native",
    codeLengths: supported.length > 0 ? [...supported].sort((a, b) => a - b) : [4, 5, 6, 7, 8],
    constraints: { rules, ...(supported.length > 0 ? { supportedLengths: supported } : {}) },
  };
  if (p.max_active_codes_supported !== undefined) caps.slotCapacity = p.max_active_codes_supported;
  return caps;
}

export function toLockDevice(device: SeamDevice): LockDevice {
  const p = device.properties ?? {};
  const offline = p.online === false || (device.errors ?? []).some((e) => OFFLINE_ERRORS.has(e.error_code));
  const out: LockDevice = {
    deviceId: device.device_id,
    name: p.appearance?.name ?? p.name ?? device.display_name ?? device.device_id,
    online: !offline,
    capabilities: seamCapabilities(device),
  };
  const level = p.battery?.level ?? p.battery_level;
  if (level !== undefined) out.batteryLevel = level;
  if (p.battery?.status) out.batteryStatus = p.battery.status;
  return out;
}

/** A workspace lock as the host picks it: Seam's model object names the maker apart ("August" + "Smart Lock Pro"). */
export function toDiscoveredLock(device: SeamDevice): DiscoveredLock {
  const d = toLockDevice(device);
  const m = device.properties?.model;
  const model = [m?.manufacturer_display_name, m?.display_name].filter(Boolean).join(" ");
  return { deviceId: d.deviceId, name: d.name, online: d.online, ...(d.batteryLevel !== undefined ? { batteryLevel: d.batteryLevel } : {}), ...(model ? { model } : {}) };
}

function codeStatus(ac: SeamAccessCode): ProviderCodeStatus {
  // Seam keeps a code that the lock refused in `setting` and reports why in `errors`.
  if ((ac.errors ?? []).some((e) => FAILED_ERRORS.has(e.error_code))) return "failed";
  switch (ac.status) {
    case "set":
      return "set";
    case "setting":
    case "unset": // time-bound code not yet confirmed on the lock
      return "setting";
    case "removing":
      return "removing";
    default:
      return "unknown";
  }
}

export function toProviderCode(ac: SeamAccessCode): ProviderCode {
  const out: ProviderCode = { codeId: ac.access_code_id, name: ac.name ?? "", status: codeStatus(ac) };
  if (ac.code) out.pin = ac.code;
  if (ac.starts_at) out.startsAt = new Date(ac.starts_at);
  if (ac.ends_at) out.endsAt = new Date(ac.ends_at);
  const error = ac.errors?.[0]?.error_code;
  if (error) out.error = error;
  return out;
}
