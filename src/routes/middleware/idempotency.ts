import type { MiddlewareHandler } from "hono";
import type { CoreDeps } from "../../deps";
import { openIdempotencyKey } from "../../services/api/idempotency-store";
import type { AppEnv } from "../env";
import { ApiError } from "../problem";

/**
 * `Idempotency-Key` on POST: the same key with the same body replays the first response (a client retrying
 * after a timeout creates nothing twice); the same key with a different body is a 422.
 */
export function idempotency(deps: Pick<CoreDeps, "db" | "box" | "clock">): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = c.req.header("idempotency-key");
    if (c.req.method !== "POST" || key === undefined) return next();
    if (key.length === 0 || key.length > 255) {
      throw new ApiError(400, "invalid_idempotency_key", "Invalid Idempotency-Key", "Idempotency-Key must be 1 to 255 characters");
    }
    const raw = await c.req.raw.clone().text();
    const seen = openIdempotencyKey(deps, c.get("auth").accountId, key, `${c.req.method} ${c.req.path}\n${raw}`);
    if (seen.kind === "reused") {
      throw new ApiError(
        422,
        "idempotency_key_reused",
        "Idempotency-Key reused",
        "this Idempotency-Key was already used with a different request; use a new key for a new request",
      );
    }
    if (seen.kind === "replay") {
      return c.body(seen.body, seen.status as 200, { "content-type": "application/json", "idempotent-replayed": "true" });
    }
    await next();
    // Only settled outcomes are remembered: a 5xx may succeed on retry.
    if (c.res.status < 500) seen.remember({ method: c.req.method, path: c.req.path, status: c.res.status, body: await c.res.clone().text() });
  };
}
