import { and, eq, lt } from "drizzle-orm";
import type { Db } from "../../db/client";
import { idempotencyKeys } from "../../db/schema";
import type { CoreDeps } from "../../deps";
import { storedResponseAd } from "../contact-details/contact-details";

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

export type IdempotentRequest =
  /** The same key with the same request: its first answer, to send again. */
  | { kind: "replay"; status: number; body: string }
  /** The same key with a different request. */
  | { kind: "reused" }
  /** A key not seen in the last day: the caller handles the request, then remembers its answer. */
  | { kind: "first"; remember(answer: { method: string; path: string; status: number; body: string }): void };

/**
 * An account's `Idempotency-Key` and the request sent with it (method, path and raw body). The request is kept only as
 * a keyed hash: the body can carry a guest's phone and email, and a plain digest of it could be confirmed by guessing.
 * The answer is kept sealed to the account and key, since it may quote them too.
 */
export function openIdempotencyKey({ db, box, clock }: Pick<CoreDeps, "db" | "box" | "clock">, accountId: string, key: string, request: string): IdempotentRequest {
  const now = clock.now();
  sweepExpired(db, now);
  const seen = db.select().from(idempotencyKeys).where(and(eq(idempotencyKeys.accountId, accountId), eq(idempotencyKeys.key, key))).get();
  if (seen) {
    if (!box.hashes(request).includes(seen.requestHash)) return { kind: "reused" };
    return { kind: "replay", status: seen.responseStatus, body: box.decrypt(seen.responseBody, storedResponseAd(accountId, key)) };
  }
  const requestHash = box.hash(request);
  return {
    kind: "first",
    remember: ({ method, path, status, body }) => {
      const responseBody = box.encrypt(body, storedResponseAd(accountId, key));
      db.insert(idempotencyKeys).values({ accountId, key, method, path, requestHash, responseStatus: status, responseBody, createdAt: now }).onConflictDoNothing().run();
    },
  };
}
