import { randomBytes } from "node:crypto";

/** Prefixed, time-ordered, URL-safe ids (`prop_…`) so an id says what it names in logs and support mail. */
export type IdPrefix =
  | "acct" | "user" | "key" | "prop" | "lock" | "feed" | "stay" | "turn" | "code" | "msg"
  | "alrt" | "evt" | "ctc" | "job" | "sess" | "idem" | "whk" | "conn";

const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";
let lastMs = 0;
let seq = 0;

export function newId(prefix: IdPrefix): string {
  // Time, then a per-millisecond sequence: ids made by one process sort in creation order, which keeps
  // cursor pagination stable even when many rows are created in the same millisecond.
  const now = Date.now();
  if (now === lastMs) seq++;
  else {
    lastMs = now;
    seq = 0;
  }
  const time = now.toString(36).padStart(9, "0");
  const counter = seq.toString(36).padStart(3, "0");
  let rand = "";
  for (const b of randomBytes(8)) rand += ALPHABET[b % 36];
  return `${prefix}_${time}${counter}${rand}`;
}
