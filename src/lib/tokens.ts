import { createHash, randomBytes } from "node:crypto";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** High-entropy bearer secrets (API keys, session cookies, iCal feed tokens). */
export function newToken(prefix: string, length = 32): string {
  // Rejection sampling keeps every character uniform (256 is not a multiple of 62).
  let out = "";
  while (out.length < length) {
    for (const b of randomBytes(length * 2)) {
      if (b < 248 && out.length < length) out += BASE62[b % 62];
    }
  }
  return `${prefix}_${out}`;
}

/**
 * Tokens carry 190 bits of entropy, so an unkeyed SHA-256 is enough to store them safely, and it survives a
 * rotation of STAYKEY_SECRET (a keyed hash would silently invalidate every API key).
 */
export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}
