import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { listAccountPage } from "../../db/account-page";
import { preparedOnce } from "../../db/prepared-once";
import type { ApiKeyRow } from "../../db/rows";
import { apiKeys } from "../../db/schema";
import type { Clock } from "../../lib/clock";
import { newId } from "../../lib/ids";
import { hashToken, newToken } from "../../lib/tokens";
import { lookups } from "../lookups";

export type { ApiKeyRow };

export interface CreatedApiKey {
  id: string;
  /** Shown once; only its hash is stored. */
  key: string;
  prefix: string;
}

export function createApiKey(db: Db, clock: Clock, input: { accountId: string; userId?: string | null; name: string }): CreatedApiKey {
  const key = newToken("sk");
  const id = newId("key");
  const prefix = key.slice(0, 10);
  db.insert(apiKeys)
    .values({ id, accountId: input.accountId, userId: input.userId ?? null, name: input.name, prefix, keyHash: hashToken(key), createdAt: clock.now() })
    .run();
  return { id, key, prefix };
}

// Every API request looks its key up: prepared once, not rebuilt per request. Nothing is cached between requests, so a
// revoked key (from any process: the API, the CLI) stops working on the very next one.
const liveKeyByHash = preparedOnce((db: Db) =>
  db.select().from(apiKeys).where(and(eq(apiKeys.keyHash, sql.placeholder("keyHash")), isNull(apiKeys.revokedAt))).prepare(),
);

/** Returns the account a live key belongs to, or null for unknown / revoked keys. */
export function authenticateApiKey(db: Db, clock: Clock, key: string) {
  const row = liveKeyByHash(db).get({ keyHash: hashToken(key) });
  if (!row) return null;
  // Coarse last-used stamp: one write a minute per key is plenty and keeps reads cheap.
  const now = clock.now();
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
    db.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, row.id)).run();
  }
  return row;
}

export function revokeApiKey(db: Db, clock: Clock, accountId: string, keyId: string): boolean {
  const res = db
    .update(apiKeys)
    .set({ revokedAt: clock.now() })
    .where(and(eq(apiKeys.id, keyId), eq(apiKeys.accountId, accountId), isNull(apiKeys.revokedAt)))
    .run();
  return res.changes > 0;
}

/** One page of the account's keys, revoked ones included (the caller shows them without their hashes). */
export const listApiKeys = (db: Db, accountId: string, q: { limit: number; cursor?: string }) => listAccountPage(db, apiKeys, accountId, [], q);

/** The account's key (not_found for another account's); revoking one already revoked changes nothing. */
export function revokeAccountApiKey(db: Db, clock: Clock, accountId: string, keyId: string): void {
  const key = lookups.apiKey.find(db, accountId, keyId);
  revokeApiKey(db, clock, accountId, key.id);
}
