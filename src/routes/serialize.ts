/** Dates become ISO-8601 UTC strings on the wire; everything else passes through. */
export type Wire<T> = T extends Date
  ? string
  : T extends (infer U)[]
    ? Wire<U>[]
    : T extends object
      ? { [K in keyof T]: Wire<T[K]> }
      : T;

// Both run for every row of every list answer, so they copy with a plain `for...in` over own keys and never `delete`
// (a delete turns the object into a slow dictionary for everything after it): together they were a fifth of a stays
// page's CPU.
const own = Object.prototype.hasOwnProperty;

export function toWire<T>(value: T): Wire<T> {
  if (value === null || typeof value !== "object") return value as Wire<T>;
  if (value instanceof Date) return value.toISOString() as Wire<T>;
  if (Array.isArray(value)) return value.map(toWire) as Wire<T>;
  const out: Record<string, unknown> = {};
  for (const k in value) {
    if (!own.call(value, k)) continue;
    const v = (value as Record<string, unknown>)[k];
    out[k] = v === null || typeof v !== "object" ? v : toWire(v);
  }
  return out as Wire<T>;
}

export function omit<T extends object, K extends keyof T>(obj: T, ...keys: K[]): Omit<T, K> {
  const out: Record<string, unknown> = {};
  for (const k in obj) {
    if (own.call(obj, k) && !keys.includes(k as unknown as K)) out[k] = obj[k];
  }
  return out as Omit<T, K>;
}

/**
 * Only the named keys, in that order: for answers whose rows carry columns the API must never send (hashes, sealed
 * values, bookkeeping), a list of what to send cannot leak a column added later the way a list of what to drop can.
 */
export function pick<T extends object>(obj: T, keys: readonly string[]): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (own.call(obj, k)) out[k] = (obj as Record<string, unknown>)[k];
  return out as Partial<T>;
}
