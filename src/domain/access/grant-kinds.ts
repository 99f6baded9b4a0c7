/**
 * How a manual access grant's code works: over one window, over a weekly recurring window in the property's zone,
 * always (until revoked), or for a limited number of entries within a window.
 */
export const GRANT_KINDS = ["window", "recurring", "always", "limited_uses"] as const;
export type GrantKind = (typeof GRANT_KINDS)[number];

/** A grant is live until revoked by the host or over (its window ended, its uses were spent). */
export const GRANT_STATUSES = ["active", "ended", "revoked"] as const;
export type GrantStatus = (typeof GRANT_STATUSES)[number];

/** Whether the PIN was drawn by staykey's policy or given by the host (checked against the same rules). */
export const GRANT_PIN_SOURCES = ["generated", "host"] as const;
export type GrantPinSource = (typeof GRANT_PIN_SOURCES)[number];
