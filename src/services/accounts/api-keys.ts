import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { listAccountPage } from "../../db/account-page";
import { preparedOnce } from "../../db/prepared-once";
import type { ApiKeyRow } from "../../db/rows";
import { apiKeys, users } from "../../db/schema";
import { keyActingRole, keyRolesFor, type ApiKeyRole, type MemberRole } from "../../domain/team";
import type { Clock } from "../../lib/clock";
import { newId } from "../../lib/ids";
import { hashToken, newToken } from "../../lib/tokens";
import { invalidField, notFound } from "../errors";
import { lookups } from "../lookups";
import { recordAudit } from "../audit/record-audit";
import { actorName } from "../team/invites";
import { memberPropertyIds, type Actor } from "../team/scope";

export type { ApiKeyRow };

export interface CreatedApiKey {
  id: string;
  /** Shown once; only its hash is stored. */
  key: string;
  prefix: string;
}

/** Who made or revoked a key, as the audit log names it (`user:<id>`, `api_key:<id>`, `cli`); `system` when unsaid. */
type AuditedBy = { by?: string };

/** A key for the account, and its audit event: its name and role (never the key, nor its prefix: a search term for a leak). */
export function createApiKey(db: Db, clock: Clock, input: { accountId: string; userId?: string | null; name: string; role?: ApiKeyRole } & AuditedBy): CreatedApiKey {
  const key = newToken("sk");
  const id = newId("key");
  const prefix = key.slice(0, 10);
  const role = input.role ?? "owner";
  db.transaction(() => {
    db.insert(apiKeys)
      .values({ id, accountId: input.accountId, userId: input.userId ?? null, name: input.name, prefix, keyHash: hashToken(key), role, createdAt: clock.now() })
      .run();
    recordAudit(db, clock, { accountId: input.accountId, actor: input.by ?? "system", action: "api_key.create", subjectType: "api_key", subjectId: id, detail: { name: input.name, role, member: input.userId ?? null } });
  });
  return { id, key, prefix };
}

/**
 * A member's own key, never with more than the member's role: a manager cannot mint an owner key, a cleaner no key
 * at all (the refusal names the field, for the dashboard form and the API alike).
 */
export function createMemberApiKey(db: Db, clock: Clock, actor: Actor & { memberRole: MemberRole | null } & AuditActor, input: { name: string; role?: ApiKeyRole }): CreatedApiKey {
  const allowed: ApiKeyRole[] = actor.memberRole === null ? ["owner", "manager", "read_only"] : keyRolesFor(actor.memberRole);
  const role = input.role ?? (allowed.includes("owner") ? "owner" : allowed[0]);
  if (!role || !allowed.includes(role)) throw invalidField("role", `you can create keys with these roles: ${allowed.join(", ") || "none"}`);
  return createApiKey(db, clock, { accountId: actor.accountId, userId: actor.userId, name: input.name, role, by: auditActorOf(actor) });
}

// A key's lookup, prepared once, not rebuilt per request.
const liveKeyByHash = preparedOnce((db: Db) =>
  db
    .select({ key: apiKeys, memberRole: users.role })
    .from(apiKeys)
    .leftJoin(users, eq(users.id, apiKeys.userId))
    .where(and(eq(apiKeys.keyHash, sql.placeholder("keyHash")), isNull(apiKeys.revokedAt)))
    .prepare(),
);

export type ApiKeyActor = Actor & { apiKeyId: string; memberRole: MemberRole | null };

/**
 * A key verified in the last few seconds is not looked up (hashed, read, its member's properties read) again. Every
 * write in this process that could change the answer (revoking a key, removing or changing a member, deleting the
 * account) forgets them all at once, so here a revocation holds from the very next request. A revocation written by
 * another process on the same database (`staykey` CLI, a second serve) holds within VERIFIED_FOR_MS. Keyed by the
 * presented key itself: hashing it is most of what the lookup costs.
 */
const VERIFIED_FOR_MS = 5_000;
const MAX_VERIFIED = 1_000;
const verified = new WeakMap<Db, Map<string, { actor: ApiKeyActor; until: number }>>();

export function forgetVerifiedApiKeys(db: Db): void {
  verified.get(db)?.clear();
}

/**
 * The live key's actor (its account, member, the role it acts with and the member's properties), or null for unknown
 * and revoked keys. A key's role never exceeds its member's, so demoting or limiting a member limits their keys too.
 */
export function authenticateApiKey(db: Db, clock: Clock, key: string): ApiKeyActor | null {
  const now = clock.now();
  let known = verified.get(db);
  const hit = known?.get(key);
  if (hit && hit.until > now.getTime()) return hit.actor;
  const actor = lookUpApiKey(db, now, key);
  if (!actor) return null;
  if (!known) verified.set(db, (known = new Map()));
  if (known.size >= MAX_VERIFIED) known.clear();
  known.set(key, { actor, until: now.getTime() + VERIFIED_FOR_MS });
  return actor;
}

function lookUpApiKey(db: Db, now: Date, key: string): ApiKeyActor | null {
  const row = liveKeyByHash(db).get({ keyHash: hashToken(key) });
  if (!row) return null;
  // A key whose member was removed is revoked with them; one that somehow outlived its member does nothing.
  if (row.key.userId && row.memberRole === null) return null;
  // Coarse last-used stamp, written only when the key is looked up (not while it is remembered) and at most once a
  // minute per key: reads stay reads.
  if (!row.key.lastUsedAt || now.getTime() - row.key.lastUsedAt.getTime() > 60_000) {
    db.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, row.key.id)).run();
  }
  return {
    apiKeyId: row.key.id,
    accountId: row.key.accountId,
    userId: row.key.userId,
    role: keyActingRole(row.key.role, row.memberRole),
    propertyIds: memberPropertyIds(db, row.key.userId),
    memberRole: row.memberRole,
  };
}

/** Revokes a live key of the account, with its audit event; false (and no event) when there is none. */
export function revokeApiKey(db: Db, clock: Clock, accountId: string, keyId: string, by = "system"): boolean {
  const done = db.transaction(() => {
    const revoked = db
      .update(apiKeys)
      .set({ revokedAt: clock.now() })
      .where(and(eq(apiKeys.id, keyId), eq(apiKeys.accountId, accountId), isNull(apiKeys.revokedAt)))
      .returning({ name: apiKeys.name, role: apiKeys.role, userId: apiKeys.userId })
      .get();
    if (!revoked) return false;
    recordAudit(db, clock, { accountId, actor: by, action: "api_key.revoke", subjectType: "api_key", subjectId: keyId, detail: { name: revoked.name, role: revoked.role, member: revoked.userId } });
    return true;
  });
  forgetVerifiedApiKeys(db);
  return done;
}

/** An API caller carries how the audit log names it (its key); a dashboard member is named by their id. */
type AuditActor = { actor?: string };
const auditActorOf = (actor: Pick<Actor, "userId"> & AuditActor) => actor.actor ?? actorName(actor);

/** Only an owner sees and revokes every key of the account; anyone else their own. */
const ownKeysOnly = (actor: Pick<Actor, "role" | "userId">) => actor.role !== "owner";

/** One page of the keys the actor may see, revoked ones included (the caller shows them without their hashes). */
export function listApiKeys(db: Db, actor: Pick<Actor, "accountId" | "role" | "userId">, q: { limit: number; cursor?: string }) {
  const mine = ownKeysOnly(actor) ? (actor.userId ? eq(apiKeys.userId, actor.userId) : isNull(apiKeys.userId)) : undefined;
  return listAccountPage(db, apiKeys, actor.accountId, [mine], q);
}

/** A key the actor may see (not_found for another account's, or another member's when the actor is not the owner). */
export function findVisibleApiKey(db: Db, actor: Pick<Actor, "accountId" | "role" | "userId">, keyId: string): ApiKeyRow {
  const key = lookups.apiKey.find(db, actor.accountId, keyId);
  if (ownKeysOnly(actor) && key.userId !== actor.userId) throw notFound(`API key ${keyId}`);
  return key;
}

/** Revoking one already revoked changes nothing. */
export function revokeAccountApiKey(db: Db, clock: Clock, actor: Pick<Actor, "accountId" | "role" | "userId"> & AuditActor, keyId: string): void {
  const key = findVisibleApiKey(db, actor, keyId);
  revokeApiKey(db, clock, actor.accountId, key.id, auditActorOf(actor));
}
