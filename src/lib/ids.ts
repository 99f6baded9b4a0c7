import { randomBytes } from "node:crypto";

/** Prefixed, sortable-enough, URL-safe ids (`prop_…`) so an id says what it names in logs and support mail. */
export type IdPrefix =
  | "acct" | "user" | "key" | "prop" | "lock" | "feed" | "stay" | "turn" | "code" | "msg"
  | "alrt" | "evt" | "ctc" | "job" | "sess" | "idem" | "whk";

const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";

export function newId(prefix: IdPrefix): string {
  // Time prefix keeps ids roughly insertion-ordered, which makes cursor pagination stable and cheap.
  const time = Date.now().toString(36).padStart(9, "0");
  const bytes = randomBytes(10);
  let rand = "";
  for (const b of bytes) rand += ALPHABET[b % 36];
  return `${prefix}_${time}${rand}`;
}
