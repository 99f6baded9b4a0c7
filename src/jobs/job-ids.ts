import type { JobName } from "./definitions";

/** What a deterministic job id is derived from: the record's id and whatever marks the state the job was made for. */
export interface JobKey {
  id: string;
  /** A version counter, an instant (a sync due at), or a label ("resolved"); omitted when one job per record is right. */
  version?: number | string | Date | null;
}

/**
 * The one function the scheduler, the reconciler and the processor all use to name a job. Because the id embeds the
 * record's version, re-creating a job for an unchanged record is a no-op, and a job made for an older version is
 * recognisably stale (see stale-guard). Format: `<action>_<recordId>[_v<version>]`, never a `:`.
 */
export function jobIdFor(name: JobName | (string & {}), key: JobKey): string {
  const action = name.slice(name.indexOf(".") + 1);
  const v = key.version;
  const suffix = v === undefined || v === null ? "" : v instanceof Date ? `_t${v.getTime()}` : `_v${String(v)}`;
  return checkJobId(`${action}_${key.id}${suffix}`);
}

/** BullMQ refuses `:` in custom ids (Redis's key separator) and all-digit ids; both drivers refuse them alike. */
export function checkJobId(id: string): string {
  if (id.length === 0 || id.length > 200 || id.includes(":") || /^\d+$/.test(id)) {
    throw new Error(`invalid job id "${id}": must be 1-200 chars, no ':' and not all digits`);
  }
  return id;
}
