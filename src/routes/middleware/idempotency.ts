import type { MiddlewareHandler } from "hono";
import { and, eq, lt } from "drizzle-orm";
import type { Db } from "../../db/client";
import { idempotencyKeys } from "../../db/schema";
import type { Clock } from "../../lib/clock";
import type { SecretBox } from "../../lib/crypto";
import { storedResponseAd } from "../../services/contact-details/contact-details";
import type { AppEnv } from "../env";
import { ApiError } from "../problem";

const KEEP_MS = 24 * 60 * 60 * 1000;
/**
 * Expired keys are swept at most this often per database rather than on every keyed POST, where the DELETE was one
 * more write (and a scan: nothing indexes created_at) on the request path. A key therefore lives a day and up to a
 * minute more, which only means a client reusing a day-old key for a new request may get the old answer.
 */
const SWEEP_EVERY_MS = 60 * 1000;
const lastSweep = new WeakMap<Db, number>();

function sweepExpired(db: Db, now: Date): void {
  if (now.getTime() - (lastSweep.get(db) ?? -Infinity) < SWEEP_EVERY_MS) return;
  lastSweep.set(db, now.getTime());
  db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, new Date(now.getTime() - KEEP_MS))).run();
}

/**
 * `Idempotency-Key` on POST: the same key with the same body replays the first response (a client retrying
 * after a timeout creates nothing twice); the same key with a different body is a 422.
 */
export function idempotency(db: Db, box: SecretBox, clock: Clock): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = c.req.header("idempotency-key");
    if (c.req.method !== "POST" || key === undefined) return next();
    if (key.length === 0 || key.length > 255) {
      throw new ApiError(400, "invalid_idempotency_key", "Invalid Idempotency-Key", "Idempotency-Key must be 1 to 255 characters");
    }
    const { accountId } = c.get("auth");
    const raw = await c.req.raw.clone().text();
    // Keyed: the body can carry a guest's phone and email, and a plain digest of it could be confirmed by guessing.
    const request = `${c.req.method} ${c.req.path}\n${raw}`;
    const requestHash = box.hash(request);
    const now = clock.now();
    sweepExpired(db, now);
    const seen = db
      .select()
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.accountId, accountId), eq(idempotencyKeys.key, key)))
      .get();
    if (seen) {
      if (!box.hashes(request).includes(seen.requestHash)) {
        throw new ApiError(
          422,
          "idempotency_key_reused",
          "Idempotency-Key reused",
          "this Idempotency-Key was already used with a different request; use a new key for a new request",
        );
      }
      return c.body(box.decrypt(seen.responseBody, storedResponseAd(accountId, key)), seen.responseStatus as 200, {
        "content-type": "application/json",
        "idempotent-replayed": "true",
      });
    }
    await next();
    // Only settled outcomes are remembered: a 5xx may succeed on retry.
    if (c.res.status < 500) {
      const body = box.encrypt(await c.res.clone().text(), storedResponseAd(accountId, key));
      db.insert(idempotencyKeys)
        .values({ accountId, key, method: c.req.method, path: c.req.path, requestHash, responseStatus: c.res.status, responseBody: body, createdAt: now })
        .onConflictDoNothing()
        .run();
    }
  };
}
