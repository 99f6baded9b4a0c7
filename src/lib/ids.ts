import { randomBytes } from "node:crypto";

/** Prefixed, time-ordered, URL-safe ids (`prop_…`) so an id says what it names in logs and support mail. */
export type IdPrefix =
  | "acct" | "user" | "key" | "prop" | "lock" | "feed" | "stay" | "turn" | "code" | "msg"
  | "alrt" | "evt" | "ctc" | "job" | "sess" | "idem" | "whk" | "conn" | "door" | "grnt" | "proc"
  | "inv" | "pwr" | "rcv" | "chal" | "whep" | "whdl" | "batt";

const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";
let lastMs = 0;
let seq = 0;
// One randomBytes call per 512 ids: a cold sync makes tens of thousands of ids and the per-call cost showed in profiles.
const POOL_IDS = 512;
let pool = Buffer.alloc(0);
let poolAt = 0;

function randomPart(): string {
  if (poolAt + 8 > pool.length) {
    pool = randomBytes(8 * POOL_IDS);
    poolAt = 0;
  }
  let rand = "";
  for (let i = 0; i < 8; i++) rand += ALPHABET[pool[poolAt + i]! % 36];
  poolAt += 8;
  return rand;
}

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
  return `${prefix}_${time}${counter}${randomPart()}`;
}
