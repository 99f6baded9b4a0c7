import { randomBytes } from "node:crypto";
import { constantTimeEqual } from "../lib/crypto";

/**
 * The session's CSRF token as a form carries it: XOR-masked with fresh random bytes on every render, so the bytes in a
 * page differ each time. Pages are compressed, and a secret that repeats verbatim in compressed responses can be
 * recovered byte by byte from their sizes (BREACH); a masked one never repeats.
 */
export function maskCsrf(token: string): string {
  const t = Buffer.from(token, "utf8");
  const pad = randomBytes(t.length);
  const masked = Buffer.alloc(t.length);
  for (let i = 0; i < t.length; i++) masked[i] = t[i]! ^ pad[i]!;
  return `${pad.toString("base64url")}.${masked.toString("base64url")}`;
}

/** Whether a form's `_csrf` is the session's token, masked or (from a page rendered before masking) as is. */
export function csrfMatches(sent: string, token: string): boolean {
  const dot = sent.indexOf(".");
  if (dot < 0) return constantTimeEqual(sent, token);
  const pad = Buffer.from(sent.slice(0, dot), "base64url");
  const masked = Buffer.from(sent.slice(dot + 1), "base64url");
  if (pad.length !== masked.length) return constantTimeEqual("", token);
  const out = Buffer.alloc(pad.length);
  for (let i = 0; i < pad.length; i++) out[i] = pad[i]! ^ masked[i]!;
  return constantTimeEqual(out.toString("utf8"), token);
}
