import { CODE_PURPOSES } from "../access/code-states";

/**
 * What a lock can tell us happened at its door, whatever the vendor: the door activity capability stores these, and
 * the database columns take their values from here.
 *
 * - `unlocked` / `locked`: the bolt moved; `method` says how.
 * - `access_denied`: a wrong code (or a code outside its schedule) was entered at the keypad.
 * - `tampered`, `jammed`: the lock reported physical trouble.
 * - `code_changed_externally` / `code_deleted_externally`: someone changed or removed a code in the vendor's own app.
 */
export const LOCK_EVENT_KINDS = [
  "unlocked", "locked", "access_denied", "tampered", "jammed", "code_changed_externally", "code_deleted_externally",
] as const;
export type LockEventKind = (typeof LOCK_EVENT_KINDS)[number];

/** How the lock was operated: a keypad code, by hand (thumb turn, key), remotely (app, API), or by the lock itself. */
export const LOCK_EVENT_METHODS = ["keypad", "manual", "remote", "auto", "unknown"] as const;
export type LockEventMethod = (typeof LOCK_EVENT_METHODS)[number];

/** Whose code it was, as attributed when the event was stored: the code's purpose, or a keypad code staykey does not know. */
export const LOCK_EVENT_ACTORS = [...CODE_PURPOSES, "unknown_code"] as const;
export type LockEventActor = (typeof LOCK_EVENT_ACTORS)[number];

/** How a host hears that a guest arrived: not at all, by text, by email, or on every channel their alert contacts gave. */
export const ARRIVAL_NOTICES = ["off", "sms", "email", "any"] as const;
export type ArrivalNotice = (typeof ARRIVAL_NOTICES)[number];
