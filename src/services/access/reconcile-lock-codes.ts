import { eq } from "drizzle-orm";
import { accessCodes, locks } from "../../db/schema";
import { sameWindow } from "../../domain/access";
import { isProviderError } from "../../providers/locks";
import type { ServiceDeps } from "../deps";
import { codeAlertKeys, raiseCodeAlert } from "./alerts";
import { codeNameToken, codeRefFromName } from "../../domain/access/code-name";
import { pinHashFor, updateCode } from "./code-records";
import { replanCode } from "./code-outcomes";
import { FollowUps } from "./code-follow-ups";
import { resolveRemovedCodeAlerts, resolveUnknownCodesGone } from "./resolve-code-alerts";

export interface LockDrift {
  /** Active codes missing from the lock, put back in `planned` with the same PIN. */
  recreated: string[];
  /** Active codes whose window on the lock differs from the record; a program job pushes the record's. */
  windowFixed: string[];
  /** Provider code ids removed: staykey's own codes that should no longer be there. */
  removed: string[];
  /** Provider code ids on the lock that staykey did not create (reported, never touched). */
  unknown: string[];
  /** Codes being removed that the lock no longer holds: their removal is read back, so they are revoked. */
  goneWhileRevoking: string[];
}

/**
 * Compares what the lock holds with what staykey wants on it and repairs the difference. Codes are recognised by
 * provider id, by their name (the token of "Maya Chen · HMQ7TZ2KWA", or the older `staykey <code id>`), or (slot locks, which keep no names) by keyed PIN hash.
 * The lead schedules it per lock (lock-health); it is safe to run at any time.
 */
export async function reconcileLockCodes(deps: ServiceDeps, lockId: string): Promise<LockDrift> {
  const drift: LockDrift = { recreated: [], windowFixed: [], removed: [], unknown: [], goneWhileRevoking: [] };
  const lock = deps.db.select().from(locks).where(eq(locks.id, lockId)).get();
  if (!lock) return drift;
  const provider = deps.lockProvider(lock);
  const onLock = await provider.listCodes(lock.providerDeviceId);
  const now = deps.clock.now();
  const ours = deps.db.select().from(accessCodes).where(eq(accessCodes.lockId, lock.id)).all();
  const byProviderId = new Map(ours.filter((c) => c.providerCodeId).map((c) => [c.providerCodeId!, c]));
  const byId = new Map(ours.map((c) => [c.id, c]));
  const byToken = new Map(ours.map((c) => [codeNameToken(c.id), c]));
  const byName = (name: string) => {
    const ref = codeRefFromName(name);
    return !ref ? undefined : "codeId" in ref ? byId.get(ref.codeId) : byToken.get(ref.token);
  };
  const byHash = new Map(ours.filter((c) => c.state === "active" || c.state === "programming").map((c) => [c.pinHash, c]));
  const follow = new FollowUps();
  const seen = new Set<string>();

  for (const found of onLock) {
    const code = byProviderId.get(found.codeId) ?? byName(found.name) ?? (found.pin ? byHash.get(pinHashFor(deps.box, lock.id, found.pin)) : undefined);
    if (!code) {
      drift.unknown.push(found.codeId);
      continue;
    }
    seen.add(code.id);
    const expired = code.validTo.getTime() <= now.getTime();
    const stale = code.providerCodeId !== found.codeId || !(code.state === "active" || code.state === "programming" || code.state === "revoking");
    if (expired || stale) {
      if (code.state === "revoking" && code.providerCodeId === found.codeId) continue; // its revoke job is on it
      try {
        await provider.deleteCode(lock.providerDeviceId, found.codeId);
        drift.removed.push(found.codeId);
      } catch (e) {
        if (!isProviderError(e)) throw e;
        deps.logger.warn({ lockId: lock.id, codeId: code.id, kind: e.kind }, "could not remove a stale code during reconcile");
      }
      if (code.state === "active" && expired) {
        const version = updateCode(deps.db, deps.clock, code, { state: "revoking" }, { bump: true });
        if (version !== null) follow.revoke({ id: code.id, version }, now);
      }
      continue;
    }
    if (code.state === "active" && lock.nativeSchedules && found.startsAt && found.endsAt && !sameWindow({ from: found.startsAt, to: found.endsAt }, { from: code.validFrom, to: code.validTo })) {
      drift.windowFixed.push(code.id);
      // A new version, so the program job runs even when the one for this version gave up (its code_window alert
      // is open); the revoke at the window's end moves to the new version with it.
      const version = updateCode(deps.db, deps.clock, code, {}, { bump: true });
      if (version !== null) follow.program({ id: code.id, version }, now).revoke({ id: code.id, version }, code.validTo);
    }
  }

  for (const code of ours) {
    if (seen.has(code.id)) continue;
    // A removal whose job gave up (or whose host removed the code by hand) ends here: the lock reads back without it.
    if (code.state === "revoking" && code.providerCodeId) {
      if (updateCode(deps.db, deps.clock, code, { state: "revoked", revokedAt: now, lastError: null }) === null) continue;
      drift.goneWhileRevoking.push(code.id);
      await deps.events.emit({ type: "code.settled", codeId: code.id });
      await resolveRemovedCodeAlerts(deps, code);
      continue;
    }
    if (code.state !== "active" || code.validTo.getTime() <= now.getTime()) continue;
    drift.recreated.push(code.id);
    await replanCode(deps, code);
  }
  await follow.run(deps);
  for (const codeId of drift.unknown) {
    await raiseCodeAlert(deps, lock, {
      kind: "unknown_code", severity: "warning", subjectType: "lock", subjectId: lock.id, dedupeKey: codeAlertKeys.unknownCode(lock.id, codeId),
      title: `${lock.name} holds a code staykey did not create`,
      detail: `Provider code ${codeId}. If you did not add it yourself, remove it on the lock or in the vendor's app.`,
    });
  }
  await resolveUnknownCodesGone(deps, lock, drift.unknown);
  return drift;
}

