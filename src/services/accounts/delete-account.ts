import { and, eq, inArray, isNotNull } from "drizzle-orm";
import type { LockRow } from "../../db/rows";
import { accessCodes, accounts, locks } from "../../db/schema";
import { ON_LOCK_CODE_STATES } from "../../domain/access";
import { isProviderError } from "../../providers/locks";
import { updateCode } from "../access/code-records";
import { forgetVerifiedApiKeys } from "./api-keys";
import { removeFromLock } from "../access/revoke-code";
import type { ServiceDeps } from "../deps";
import { invalidField, notFound } from "../errors";
import { reconcileSources } from "../reconcile-sources";

/** A code is on a lock once the vendor gave it an id, until its removal was read back (a failed code may be half-set). */
const MAYBE_ON_LOCK = [...ON_LOCK_CODE_STATES, "failed"] as const;
/** Jobs are looked for this far ahead: every job the account's records call for, however late it is due. */
const EVERY_JOB_AHEAD_MS = 20 * 365 * 24 * 60 * 60_000;

export interface UnreachableLock {
  lockId: string;
  name: string;
  /** What the vendor said, in a few words (the provider's error kind or the lock being offline); never a credential. */
  reason: string;
  /** Codes staykey could not remove from it. */
  codes: number;
}

export type AccountDeletion =
  | { deleted: true; codesRemoved: number; jobsCancelled: number; unreachableLocks: UnreachableLock[] }
  | { deleted: false; unreachableLocks: UnreachableLock[] };

export interface DeleteAccountInput {
  /** The account's name, typed again: a deletion cannot be undone. */
  confirm: string;
  /** Delete even when some locks could not be reached; their codes stay on them until removed by hand. */
  force?: boolean;
}

/**
 * Deletes an account and everything it holds. First every code staykey put on a lock is removed from it through the
 * lock's provider and read back, as at checkout: no guest, cleaner or grant keeps a working PIN to a door whose host is
 * gone. Every lock holding codes is asked first whether it can be reached; when one cannot, nothing at all is changed
 * and the answer names the locks (retry when they are back), unless `force` says to delete anyway (their codes then
 * stay on those locks until removed on the lock or in the vendor's app). Then the jobs the account's records call for
 * are cancelled (a job already running finds its record gone and stops), and every row of the account is deleted in
 * one transaction: each table's account_id cascades from accounts. What is kept is one operator log line, with counts
 * and the account's id only, no name, email or guest detail.
 */
export async function deleteAccount(deps: ServiceDeps, accountId: string, input: DeleteAccountInput): Promise<AccountDeletion> {
  const account = deps.db.select().from(accounts).where(eq(accounts.id, accountId)).get();
  if (!account) throw notFound("account");
  if (input.confirm !== account.name) throw invalidField("confirm", "type the account's name exactly to confirm the deletion");

  const onLocks = codesOnLocks(deps, accountId);
  const unreachable = await unreachableLocks(deps, onLocks);
  if (unreachable.length > 0 && !input.force) return { deleted: false, unreachableLocks: unreachable };
  const skipped = new Set(unreachable.map((l) => l.lockId));

  const jobsCancelled = await cancelJobs(deps, accountId);
  let codesRemoved = 0;
  // A lock that answered the question but then failed a removal: counted like one that did not answer.
  const failedLater = new Map<string, UnreachableLock>();
  for (const { lock, codes } of onLocks) {
    if (skipped.has(lock.id)) continue;
    for (const code of codes) {
      const gone = await removeFromLock(deps, lock, code).catch((e: unknown) => {
        if (isProviderError(e)) return false;
        throw e;
      });
      if (!gone) {
        const entry = failedLater.get(lock.id) ?? { lockId: lock.id, name: lock.name, reason: "a code could not be removed from the lock", codes: 0 };
        failedLater.set(lock.id, { ...entry, codes: entry.codes + 1 });
        continue;
      }
      codesRemoved++;
      markRevoked(deps, code); // truthful should the deletion still be refused below
    }
  }
  if (failedLater.size > 0 && !input.force) return { deleted: false, unreachableLocks: [...failedLater.values()] };
  unreachable.push(...failedLater.values());

  deps.db.transaction((tx) => {
    tx.delete(accounts).where(eq(accounts.id, accountId)).run();
  });
  forgetVerifiedApiKeys(deps.db);
  deps.logger.info(
    { accountId, codesRemoved, jobsCancelled, forced: input.force === true && unreachable.length > 0, codesLeftOnLocks: unreachable.reduce((n, l) => n + l.codes, 0) },
    "account deleted",
  );
  return { deleted: true, codesRemoved, jobsCancelled, unreachableLocks: unreachable };
}

type CodeOnLock = typeof accessCodes.$inferSelect & { providerCodeId: string };

function codesOnLocks(deps: ServiceDeps, accountId: string): Array<{ lock: LockRow; codes: CodeOnLock[] }> {
  const rows = deps.db.select({ code: accessCodes, lock: locks }).from(accessCodes).innerJoin(locks, eq(locks.id, accessCodes.lockId))
    .where(and(eq(accessCodes.accountId, accountId), inArray(accessCodes.state, [...MAYBE_ON_LOCK]), isNotNull(accessCodes.providerCodeId))).all();
  const byLock = new Map<string, { lock: LockRow; codes: CodeOnLock[] }>();
  for (const { code, lock } of rows) {
    const entry = byLock.get(lock.id) ?? { lock, codes: [] };
    entry.codes.push(code as CodeOnLock);
    byLock.set(lock.id, entry);
  }
  return [...byLock.values()];
}

/** Asked before anything changes, so a lock that is down refuses the deletion with the account intact. */
async function unreachableLocks(deps: ServiceDeps, onLocks: Array<{ lock: LockRow; codes: CodeOnLock[] }>): Promise<UnreachableLock[]> {
  const out: UnreachableLock[] = [];
  for (const { lock, codes } of onLocks) {
    let reason: string | null;
    try {
      const device = await deps.lockProvider(lock).getDevice(lock.providerDeviceId);
      reason = device.online ? null : "the lock is offline";
    } catch (e) {
      reason = isProviderError(e) ? `the provider answered ${e.kind}` : "the lock's connection could not be used";
    }
    if (reason) out.push({ lockId: lock.id, name: lock.name, reason, codes: codes.length });
  }
  return out;
}

function markRevoked(deps: ServiceDeps, code: CodeOnLock): void {
  let from: Pick<CodeOnLock, "id" | "state" | "version"> = code;
  if (code.state !== "revoking" && code.state !== "failed") {
    if (updateCode(deps.db, deps.clock, code, { state: "revoking" }) === null) return;
    from = { ...code, state: "revoking" };
  }
  updateCode(deps.db, deps.clock, from, { state: "revoked", revokedAt: deps.clock.now() });
}

/** Every job the account's records call for, found by asking each capability's reconcile sources, is cancelled. */
async function cancelJobs(deps: ServiceDeps, accountId: string): Promise<number> {
  const ids = accountRecordIds(deps, accountId);
  const now = deps.clock.now();
  const ctx = { db: deps.db, now, until: new Date(now.getTime() + EVERY_JOB_AHEAD_MS) };
  let cancelled = 0;
  for (const source of [...Object.values(reconcileSources.repairs), ...Object.values(reconcileSources.schedules)]) {
    for (const job of source(ctx)) {
      if (!Object.values(job.payload).some((v) => typeof v === "string" && ids.has(v))) continue;
      if (await deps.jobs.cancel(job.name, job.jobId)) cancelled++;
    }
  }
  return cancelled;
}

/** The id of every row with the account's account_id, whatever the table: a table added later is covered too. */
function accountRecordIds(deps: ServiceDeps, accountId: string): Set<string> {
  const sqlite = deps.db.$client;
  const ids = new Set<string>([accountId]);
  const tables = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
  for (const table of tables) {
    const columns = sqlite.prepare("SELECT name FROM pragma_table_info(?)").pluck().all(table) as string[];
    if (!columns.includes("account_id") || !columns.includes("id")) continue;
    for (const id of sqlite.prepare(`SELECT id FROM "${table}" WHERE account_id = ?`).pluck().all(accountId) as string[]) ids.add(id);
  }
  return ids;
}
