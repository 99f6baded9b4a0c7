/** Every condition staykey alerts a host about; the database column takes its values from here. */
export const ALERT_KINDS = [
  "feed_failing", "feed_stale", "feed_suspect", "code_failed", "lock_offline", "battery_low", "battery_critical",
  "delivery_failed", "unknown_code", "check_in_not_ready", "slots_exhausted", "stay_conflict",
  // Door activity: a guest who has not opened the door, and what the access log shows that should not happen.
  "no_arrival", "code_outside_window", "revoked_code_used", "unknown_keypad_code", "keypad_brute_force", "lock_tampered",
  "guest_unreachable",
  // An outbound webhook endpoint failed every attempt for days and was disabled.
  "webhook_failing",
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const ALERT_SEVERITIES = ["info", "warning", "critical"] as const;
export type Severity = (typeof ALERT_SEVERITIES)[number];

/** One open alert per condition; a resolved one stays as history. */
export const ALERT_STATUSES = ["open", "resolved"] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];
