import type { BatteryStatus } from "./types";

/** For providers that report only a level; thresholds match Seam's low/critical so alerts read the same. */
export function batteryStatusFor(level: number): BatteryStatus {
  if (level < 0.1) return "critical";
  if (level < 0.25) return "low";
  if (level < 0.9) return "good";
  return "full";
}
