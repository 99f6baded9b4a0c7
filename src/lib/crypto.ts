import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * AES-256-GCM for secrets at rest (PINs, feed URLs, provider credentials, message bodies) and a keyed hash for
 * lookups. Ciphertexts carry the key id so a rotated key can still open old rows; associated data binds a
 * ciphertext to the row it belongs to, so a PIN copied onto another code fails to decrypt.
 *
 * Format: `v1.<kid>.<iv>.<ciphertext>.<tag>` (base64url parts).
 */
export interface SecretBox {
  encrypt(plaintext: string, associatedData: string): string;
  decrypt(sealed: string, associatedData: string): string;
  /** Deterministic keyed hash (HMAC-SHA256) for unique indexes and lookups without decryption. */
  hash(value: string): string;
  /**
   * The value's hash under the current key and then under each previous key: a row hashed before a rotation is
   * still found by a lookup that matches any of them (sign-in by email, a STOP from a number).
   */
  hashes(value: string): string[];
  readonly keyId: string;
}

export class DecryptError extends Error {
  constructor(message = "secret could not be decrypted (wrong key, tampered data, or wrong record)") {
    super(message);
  }
}

interface Key {
  id: string;
  enc: Buffer;
  mac: Buffer;
}

const hmac = (key: Key, value: string) => createHmac("sha256", key.mac).update(value, "utf8").digest("hex");

function deriveKey(secret: string): Key {
  const ikm = Buffer.from(secret, "utf8");
  const enc = Buffer.from(hkdfSync("sha256", ikm, "staykey", "aes-256-gcm", 32));
  const mac = Buffer.from(hkdfSync("sha256", ikm, "staykey", "lookup-hmac", 32));
  const id = createHash("sha256").update(enc).digest("hex").slice(0, 8);
  return { id, enc, mac };
}

/** `current` encrypts; `previous` keys still decrypt (key rotation). Hashes always use the current key. */
export function createSecretBox(current: string, previous: string[] = []): SecretBox {
  const primary = deriveKey(current);
  const byId = new Map<string, Key>([[primary.id, primary]]);
  for (const p of previous) {
    const k = deriveKey(p);
    if (!byId.has(k.id)) byId.set(k.id, k);
  }
  return {
    keyId: primary.id,
    encrypt(plaintext, associatedData) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", primary.enc, iv);
      cipher.setAAD(Buffer.from(associatedData, "utf8"));
      const ct = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      const tag = cipher.getAuthTag();
      return ["v1", primary.id, iv.toString("base64url"), ct.toString("base64url"), tag.toString("base64url")].join(".");
    },
    decrypt(sealed, associatedData) {
      const parts = sealed.split(".");
      if (parts.length !== 5 || parts[0] !== "v1") throw new DecryptError("not a staykey ciphertext");
      const [, kid, iv, ct, tag] = parts as [string, string, string, string, string];
      const key = byId.get(kid);
      if (!key) throw new DecryptError(`no key with id ${kid} (was STAYKEY_SECRET changed without STAYKEY_SECRET_PREVIOUS?)`);
      try {
        const decipher = createDecipheriv("aes-256-gcm", key.enc, Buffer.from(iv, "base64url"));
        decipher.setAAD(Buffer.from(associatedData, "utf8"));
        decipher.setAuthTag(Buffer.from(tag, "base64url"));
        return Buffer.concat([decipher.update(Buffer.from(ct, "base64url")), decipher.final()]).toString("utf8");
      } catch {
        throw new DecryptError();
      }
    },
    hash(value) {
      return hmac(primary, value);
    },
    hashes(value) {
      return [...byId.values()].map((k) => hmac(k, value));
    },
  };
}

/** Compares without leaking where two strings differ, or (beyond one compare's work) that their lengths differ. */
export function constantTimeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a, "utf8");
  const bb = Buffer.from(b, "utf8");
  if (ab.length !== bb.length) {
    // Same work as a comparison, so a wrong length answers no faster than a wrong value.
    timingSafeEqual(ab, ab);
    return false;
  }
  return timingSafeEqual(ab, bb);
}

/**
 * The embedded default: a random secret generated into the data dir (mode 0600) on first start, so a
 * newcomer needs no setup. `STAYKEY_SECRET` overrides it (required when several hosts share one database).
 */
export function loadOrCreateSecret(dataDir: string, override?: string): string {
  if (override) return override;
  const file = join(dataDir, "secret.key");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: "wx" });
  chmodSync(file, 0o600);
  return secret;
}
