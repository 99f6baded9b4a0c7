import type { MiddlewareHandler } from "hono";
import { constantTimeEqual, sha256Hex } from "../crypto/encoding";
import type { EdgeEnv } from "../hono-env";

/**
 * Bearer relay token. Only its SHA-256 is configured at the edge, so the Worker's settings never hold a
 * usable token; comparing digests in constant time leaks nothing about the token either.
 */
export function relayAuth(): MiddlewareHandler<EdgeEnv> {
  return async (c, next) => {
    const expected = c.get("config").RELAY_TOKEN_SHA256;
    if (!expected) return c.json({ error: "relay_not_configured" }, 503);
    const match = /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "");
    if (!match?.[1] || !constantTimeEqual(await sha256Hex(match[1]), expected)) {
      return c.json({ error: "unauthorized" }, 401, { "www-authenticate": 'Bearer realm="staykey-relay"' });
    }
    return next();
  };
}
