import { describe, expect, it } from "vitest";
import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSecretBox, DecryptError, loadOrCreateSecret } from "./crypto";

const SECRET = "a".repeat(43);

describe("SecretBox", () => {
  const box = createSecretBox(SECRET);

  it("round-trips a PIN and never repeats a ciphertext", () => {
    const a = box.encrypt("482913", "code:code_1");
    const b = box.encrypt("482913", "code:code_1");
    expect(a).not.toBe(b);
    expect(a).not.toContain("482913");
    expect(box.decrypt(a, "code:code_1")).toBe("482913");
    expect(box.decrypt(b, "code:code_1")).toBe("482913");
  });

  it("refuses a ciphertext moved onto another record", () => {
    const sealed = box.encrypt("482913", "code:code_1");
    expect(() => box.decrypt(sealed, "code:code_2")).toThrow(DecryptError);
  });

  it("detects a flipped bit in ciphertext, tag or iv", () => {
    const sealed = box.encrypt("https://www.airbnb.com/calendar/ical/1.ics?s=token", "feed:f1");
    const parts = sealed.split(".");
    for (const i of [2, 3, 4]) {
      const tampered = [...parts];
      const bytes = Buffer.from(tampered[i]!, "base64url");
      bytes[0] = bytes[0]! ^ 1;
      tampered[i] = bytes.toString("base64url");
      expect(() => box.decrypt(tampered.join("."), "feed:f1")).toThrow(DecryptError);
    }
  });

  it("opens old ciphertexts after rotation but not with an unrelated key", () => {
    const old = box.encrypt("secret", "x");
    const rotated = createSecretBox("b".repeat(43), [SECRET]);
    expect(rotated.keyId).not.toBe(box.keyId);
    expect(rotated.decrypt(old, "x")).toBe("secret");
    expect(() => createSecretBox("c".repeat(43)).decrypt(old, "x")).toThrow(/no key with id/);
  });

  it("hashes deterministically per key", () => {
    expect(box.hash("lock_1:1234")).toBe(createSecretBox(SECRET).hash("lock_1:1234"));
    expect(box.hash("lock_1:1234")).not.toBe(box.hash("lock_1:1235"));
    expect(box.hash("lock_1:1234")).not.toBe(createSecretBox("z".repeat(43)).hash("lock_1:1234"));
  });

  it("gives every hash a value may have been stored under: the current key's first, then each previous key's", () => {
    const rotated = createSecretBox("b".repeat(43), [SECRET]);
    expect(rotated.hashes("email:ana@example.com")).toEqual([rotated.hash("email:ana@example.com"), box.hash("email:ana@example.com")]);
    expect(box.hashes("email:ana@example.com")).toEqual([box.hash("email:ana@example.com")]);
  });
});

describe("loadOrCreateSecret", () => {
  it("generates a 0600 key file once and reuses it", () => {
    const dir = mkdtempSync(join(tmpdir(), "staykey-secret-"));
    const first = loadOrCreateSecret(dir);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(statSync(join(dir, "secret.key")).mode & 0o777).toBe(0o600);
    expect(loadOrCreateSecret(dir)).toBe(first);
    expect(loadOrCreateSecret(dir, "override-".repeat(4))).toBe("override-".repeat(4));
  });
});
