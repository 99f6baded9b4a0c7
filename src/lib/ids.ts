import { randomBytes } from "node:crypto";

/** Prefixed, time-ordered, URL-safe ids (`prop_…`) so an id says what it names in logs and support mail. */
export type IdPrefix =
  | "acct" | "user" | "key" | "prop" | "lock" | "feed" | "stay" | "turn" | "code" | "msg"
  | "alrt" | "evt" | "ctc" | "job" | "sess" | "idem" | "whk" | "conn" | "door" | "grnt" | "proc"
  | "inv" | "pwr" | "rcv" | "chal" | "whep" | "whdl" | "batt";

const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";
const CODES = Array.from(ALPHABET, (char) => char.charCodeAt(0));
let lastMs = 0;
let seq = 0;
/** `now` in base 36, padded, as of lastMs: one conversion per millisecond, not per id. */
let timePart = "";
// One randomBytes call per 512 ids: a cold sync makes tens of thousands of ids and the per-call cost showed in profiles.
const POOL_IDS = 512;
let pool = Buffer.alloc(0);
let poolAt = 0;

function randomPart(): string {
  if (poolAt + 8 > pool.length) {
    pool = randomBytes(8 * POOL_IDS);
    poolAt = 0;
  }
  const p = pool, at = poolAt;
  poolAt += 8;
  // One string from eight char codes: appending a character at a time made a rope of eight strings per id.
  return String.fromCharCode(
    CODES[p[at]! % 36]!, CODES[p[at + 1]! % 36]!, CODES[p[at + 2]! % 36]!, CODES[p[at + 3]! % 36]!,
    CODES[p[at + 4]! % 36]!, CODES[p[at + 5]! % 36]!, CODES[p[at + 6]! % 36]!, CODES[p[at + 7]! % 36]!,
  );
}

export function newId(prefix: IdPrefix): string {
  // Time, then a per-millisecond sequence: ids made by one process sort in creation order, which keeps
  // cursor pagination stable even when many rows are created in the same millisecond.
  const now = Date.now();
  if (now === lastMs) seq++;
  else {
    lastMs = now;
    seq = 0;
    timePart = now.toString(36).padStart(9, "0");
  }
  const counter = seq < 36 ? `00${ALPHABET[seq]}` : seq.toString(36).padStart(3, "0");
  return `${prefix}_${timePart}${counter}${randomPart()}`;
}
