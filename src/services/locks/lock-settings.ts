import type { LockRow } from "../deps";
import type { FieldProblem } from "../errors";

/** The settings whose sense depends on the lock's provider. */
export interface ProviderSettings {
  connectionId?: string | null;
  slotCapacity?: number | null;
  nativeSchedules?: boolean;
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
  if (provider === "home_assistant" && settings.nativeSchedules === true) {
    problems.push({ path: "nativeSchedules", message: "Home Assistant (Z-Wave JS) locks have no code schedules: staykey sets and clears their codes at window start and end." });
  }
  return problems;
}
