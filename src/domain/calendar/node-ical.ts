import { createRequire } from "node:module";

type NodeIcal = typeof import("node-ical");

let loaded: NodeIcal | undefined;

/**
 * node-ical, loaded the first time a calendar needs it (recurrence, TZID, an event our line reader leaves to it).
 * Airbnb, VRBO and Booking.com feeds never do, and node-ical with its Temporal polyfill and RRULE engine is 700 KB of
 * the reader thread's 1 MB bundle: bundling it and evaluating it at each thread's start cost seconds of every first
 * sync pass, whatever its size. node-ical is CommonJS, so `require` loads it synchronously where it is first used.
 */
export function nodeIcal(): NodeIcal {
  return (loaded ??= createRequire(import.meta.url)("node-ical") as NodeIcal);
}
