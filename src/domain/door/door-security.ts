import type { Severity } from "../alerts/alert-kinds";
import type { LockEventKind } from "./lock-event-kinds";

/** Wrong codes at one keypad within this window, this many times, are someone guessing: brute force. */
export const BRUTE_FORCE_WINDOW_MS = 10 * 60_000;
export const BRUTE_FORCE_ATTEMPTS = 5;
/** A door security alert resolves once this long has passed with no repeat of what raised it. */
export const SECURITY_QUIET_MS = 24 * 3_600_000;

export type DoorAlertKind = "code_outside_window" | "revoked_code_used" | "unknown_keypad_code" | "keypad_brute_force" | "lock_tampered";
export const DOOR_SECURITY_KINDS: readonly DoorAlertKind[] = ["code_outside_window", "revoked_code_used", "unknown_keypad_code", "keypad_brute_force", "lock_tampered"];

export const DOOR_ALERT_SEVERITY: Record<DoorAlertKind, Severity> = {
  // A code that was removed opens the door: the lock did not drop it, anyone holding the old PIN gets in.
  revoked_code_used: "critical",
  // Someone is trying codes, or opened the lock's housing: act now.
  keypad_brute_force: "critical",
  lock_tampered: "critical",
  // A code nobody at staykey issued opened the door: set in the vendor's app, or left from before.
  unknown_keypad_code: "warning",
  // A known guest or cleaner, at the wrong time: worth a look, usually an early arrival the lock allowed.
  code_outside_window: "warning",
};

/** What a code was like when the door event happened, as the security rules need it. */
export interface UsedCode {
  state: string;
  validFrom: Date;
  validTo: Date;
  revokedAt: Date | null;
}

/**
 * Which security alert (if any) one door event raises on its own: a revoked code that still opens the door, a code
 * used outside its window, a keypad code staykey does not know, or tampering. Repeated wrong codes need the count
 * of recent ones, so the caller judges `access_denied` with `isBruteForce`.
 */
export function securityConcern(event: { kind: LockEventKind; occurredAt: Date; actor: string | null }, code: UsedCode | null): DoorAlertKind | null {
  if (event.kind === "tampered") return "lock_tampered";
  if (event.kind !== "unlocked") return null;
  if (event.actor === "unknown_code") return "unknown_keypad_code";
  if (!code) return null;
  const at = event.occurredAt.getTime();
  const removed = code.state === "revoked" && (code.revokedAt === null || code.revokedAt.getTime() <= at);
  if (removed) return "revoked_code_used";
  if (at < code.validFrom.getTime() || at >= code.validTo.getTime()) return "code_outside_window";
  return null;
}

export const isBruteForce = (deniedWithinWindow: number) => deniedWithinWindow >= BRUTE_FORCE_ATTEMPTS;
