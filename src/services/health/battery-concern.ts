import type { AlertPolicy } from "../alerts/alert-policy";

export type BatteryConcern = "ok" | "low" | "critical" | "unknown";

/**
 * The level decides when we have one (percent, as stored); the vendor's status word only when we do not, since
 * vendors disagree on where "low" starts but a percentage means the same everywhere.
 */
export function batteryConcern(
  percent: number | null | undefined,
  status: string | null | undefined,
  policy: Pick<AlertPolicy, "batteryLowBelow" | "batteryCriticalBelow">,
): BatteryConcern {
  if (typeof percent === "number" && Number.isFinite(percent)) {
    if (percent < policy.batteryCriticalBelow) return "critical";
    if (percent < policy.batteryLowBelow) return "low";
    return "ok";
  }
  if (status === "critical" || status === "low") return status;
  if (status === "good" || status === "full") return "ok";
  return "unknown";
}

/** Providers report 0..1; the lock row and every alert text use whole percent. */
export const toPercent = (level: number): number => Math.max(0, Math.min(100, Math.round(level * 100)));
