import { parseMatterDeviceId } from "../../providers/locks/matter/device-id";
import type { LockRow } from "../deps";
import type { FieldProblem } from "../errors";

/**
 * Z-Wave locks (through Home Assistant or straight through zwave-js-server) hold PINs in numbered slots, with no
 * schedules; so do Matter locks as staykey uses them (one user and PIN credential per index, no schedule attached).
 */
export const slotBasedProvider = (provider: LockRow["provider"]): boolean => provider === "home_assistant" || provider === "zwave_js" || provider === "matter";

/** The settings whose sense depends on the lock's provider. */
export interface ProviderSettings {
  connectionId?: string | null;
  slotCapacity?: number | null;
  nativeSchedules?: boolean;
  /** Only on a new lock: the device never changes afterwards. */
  providerDeviceId?: string;
}

/**
 * What each provider's lock takes: a Seam or Home Assistant lock is reached through a connection; a real keypad (Seam,
 * Home Assistant) may have a fixed number of code slots, a simulated lock has none to count; Home Assistant (slot-based)
 * locks have no code schedules. A setting left out (`undefined`, a PATCH
 * that does not touch it) is not judged; a new lock passes its connection as null when it has none. The API and the
 * dashboard refuse through these same words, beside the field they concern.
 */
export function lockSettingProblems(provider: LockRow["provider"], settings: ProviderSettings): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (provider !== "simulated" && settings.connectionId === null) problems.push({ path: "connectionId", message: "Choose the connection this lock is reached through." });
  if (provider === "simulated" && settings.slotCapacity != null) {
    problems.push({ path: "slotCapacity", message: "A simulated lock has no code slots to count; leave the slot capacity empty." });
  }
  if (slotBasedProvider(provider) && settings.nativeSchedules === true) {
    const which = provider === "home_assistant" ? "Home Assistant (Z-Wave JS)" : provider === "matter" ? "Matter" : "Z-Wave JS";
    problems.push({ path: "nativeSchedules", message: `${which} locks have no code schedules: staykey sets and clears their codes at window start and end.` });
  }
  // A device id the provider can never resolve is refused when the lock is added, not at its first code.
  if (provider === "zwave_js" && settings.providerDeviceId !== undefined && !/^[1-9]\d{0,3}$/.test(settings.providerDeviceId.trim())) {
    problems.push({ path: "providerDeviceId", message: "A Z-Wave JS lock's device id is its node id on the Z-Wave network, a number such as 5." });
  }
  if (provider === "matter" && settings.providerDeviceId !== undefined && !parseMatterDeviceId(settings.providerDeviceId)) {
    problems.push({ path: "providerDeviceId", message: "A Matter lock's device id is its node and endpoint as the connection's device list shows it, such as peer1/1." });
  }
  return problems;
}
