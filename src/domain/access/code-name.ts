import { createHash } from "node:crypto";

/** RFC 4648 base32: upper-case letters and 2–7, nothing a host could misread as a PIN. */
const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const TOKEN_LENGTH = 10;
const SEPARATOR = " · ";
const TOKEN_AT_END = new RegExp(` · ([${BASE32}]{${TOKEN_LENGTH}})$`);
const LEGACY_NAME = /^staykey (code_[0-9a-z]+)$/;

/**
 * The short token a code's name on the lock ends with: the first 50 bits of SHA-256 of the code id, in base32. Not a
 * secret and not keyed (a key rotation must not make staykey's own codes look foreign); it only has to tell one code
 * from the others on the same lock, and says nothing about the PIN or the person.
 */
export function codeNameToken(codeId: string): string {
  const digest = createHash("sha256").update(codeId).digest();
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of digest) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < TOKEN_LENGTH) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    if (out.length === TOKEN_LENGTH) break;
  }
  return out;
}

/**
 * A code's name for people who look at the lock in its vendor's app: "Maya Chen · HMQ7TZ2KWA". Within `maxLength`, the
 * person's name is shortened and the token never is: the token is how staykey recognises the code as its own.
 */
export function personCodeName(person: string, codeId: string, maxLength: number): string {
  const suffix = `${SEPARATOR}${codeNameToken(codeId)}`;
  const room = Math.max(0, maxLength - suffix.length);
  const name = Array.from(person.replace(/\s+/g, " ").trim()).slice(0, room).join("").trim();
  return name ? `${name}${suffix}` : codeNameToken(codeId);
}

/** The name staykey gave codes before names carried people, and still gives codes on locks that keep no names. */
export const legacyCodeName = (codeId: string) => `staykey ${codeId}`;

/** Whether a name on the lock is the one staykey gave this code (either style). */
export function isOwnCodeName(name: string, codeId: string): boolean {
  return LEGACY_NAME.exec(name)?.[1] === codeId || codeNameToken(codeId) === tokenOfName(name);
}

/** What a name on the lock says about which code it is: the code id (old style) or the token (new style). */
export function codeRefFromName(name: string): { codeId: string } | { token: string } | undefined {
  const legacy = LEGACY_NAME.exec(name)?.[1];
  if (legacy) return { codeId: legacy };
  const token = tokenOfName(name);
  return token ? { token } : undefined;
}

function tokenOfName(name: string): string | undefined {
  if (name.length === TOKEN_LENGTH && new RegExp(`^[${BASE32}]{${TOKEN_LENGTH}}$`).test(name)) return name;
  return TOKEN_AT_END.exec(name)?.[1];
}
