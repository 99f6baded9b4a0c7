export type * from "./types";
export type { CandidateStay } from "./candidate-stays";
export type * from "./reconcile-types";
export type { PropertyStay, EchoesAndConflicts } from "./echoes";
export type { HashableEvent } from "./content-hash";
export type { EventClassification } from "./classify-event";
export type { WallTime } from "./local-time";

export { parseFeed } from "./parse-feed";
export { MAX_FEED_BYTES } from "./sniff-body";
export { detectSource } from "./detect-source";
export { classifyEvent } from "./classify-event";
export { contentHashOf } from "./content-hash";
export { stayInstants } from "./stay-instants";
export { candidateStaysOf } from "./candidate-stays";
export { isValidTimezone, localToInstant, localDateOf, wallTimeToInstant } from "./local-time";
export { eventTimeKey } from "./event-time";
export { reconcileFeed, DEFAULT_MISSING_THRESHOLD, MASS_DISAPPEARANCE_MIN, MASS_DISAPPEARANCE_SHARE } from "./reconcile-feed";
export { findEchoesAndConflicts } from "./echoes";
