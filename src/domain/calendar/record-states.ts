/** What a stored feed, stay and turnover can be; the database columns take their values from here. */

/** `suspect`: the last well-formed fetch looked like a mass disappearance, so nothing was cancelled. */
export const FEED_STATUSES = ["pending", "ok", "failing", "suspect", "paused"] as const;
export type FeedStatus = (typeof FEED_STATUSES)[number];

/** A feed's reservations and owner blocks, and stays a host entered by hand. Blocks get no guest code. */
export const STAY_KINDS = ["reservation", "block", "manual"] as const;
export type StayKind = (typeof STAY_KINDS)[number];

export const STAY_STATUSES = ["confirmed", "cancelled"] as const;
export type StayStatus = (typeof STAY_STATUSES)[number];

export const TURNOVER_STATUSES = ["scheduled", "cancelled"] as const;
export type TurnoverStatus = (typeof TURNOVER_STATUSES)[number];
