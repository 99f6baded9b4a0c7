import { eq } from "drizzle-orm";
import { accessCodes, accounts, alerts, auditEvents, contacts, locks, properties, propertyCleaners, stays } from "../../src/db/schema";
import { jobDefinitions, type JobName } from "../../src/jobs/definitions";
import { isPermanentError } from "../../src/jobs/errors";
import type { JobQueue } from "../../src/jobs/port";
import { newId } from "../../src/lib/ids";
import type { LockProvider } from "../../src/providers/locks";
import { accessCodeProcessors, lockCallAuditor } from "../../src/services/access";
import { codePinAd } from "../../src/services/access/code-records";
import { sealGuestContact, type GuestContact } from "../../src/services/contact-details/contact-details";
import type { LifecycleHooks, LockRow, ServiceDeps } from "../../src/services/deps";
import { testDeps } from "../support/test-deps";

export interface QueuedJob {
  id: string;
  name: string;
  payload: Record<string, string>;
  runAt: number;
  attempt: number;
  status: "pending" | "done" | "failed";
  error?: string;
}

/**
 * Drives the access-code processors the way the engine would, on the test's manual clock: deterministic ids
 * dedupe, due jobs run in runAt order, a thrown error retries with the definition's backoff unless permanent.
 */
export function createAccessHarness(makeProvider: (lock: LockRow, onCall: ReturnType<typeof lockCallAuditor>) => LockProvider) {
  const core = testDeps({ now: "2030-03-01T00:00:00Z" });
  const jobs: QueuedJob[] = [];
  const hookCalls: Array<{ hook: keyof LifecycleHooks; id: string }> = [];
  const enqueue = (name: string, payload: Record<string, string>, opts: { jobId?: string; runAt?: Date } = {}) => {
    const id = opts.jobId ?? newId("job");
    if (jobs.some((j) => j.id === id)) return { id, created: false };
    jobs.push({ id, name, payload, runAt: Math.max(core.clock.now().getTime(), opts.runAt?.getTime() ?? 0), attempt: 0, status: "pending" });
    return { id, created: true };
  };
  const queue = {
    driver: "embedded",
    enqueue: async (name: string, payload: Record<string, string>, opts?: { jobId?: string; runAt?: Date }) => enqueue(name, payload, opts),
    enqueueMany: async (name: string, many: Array<{ payload: Record<string, string>; opts?: { jobId?: string; runAt?: Date } }>) =>
      many.map((job) => enqueue(name, job.payload, job.opts)),
  } as unknown as JobQueue;
  const hook = (name: keyof LifecycleHooks) => async (id: string) => void hookCalls.push({ hook: name, id });
  const deps: ServiceDeps = {
    ...core,
    jobs: queue,
    feedFetch: {},
    messaging: { sms: null, email: null },
    lockProvider: (lock) => makeProvider(lock, lockCallAuditor(core.db, core.clock, lock)),
    hooks: { guestCodeReady: hook("guestCodeReady"), guestCodeMoved: hook("guestCodeMoved"), turnoverChanged: hook("turnoverChanged"), stayChanged: hook("stayChanged") },
  };
  const handlers = accessCodeProcessors(deps) as unknown as Record<string, (p: Record<string, string>, ctx: { jobId: string; attempt: number; signal: AbortSignal }) => Promise<void>>;

  /** Runs every due job (and jobs they make due now) until none is left; returns how many ran. */
  async function runDue(only?: JobName): Promise<number> {
    let ran = 0;
    for (;;) {
      const now = core.clock.now().getTime();
      const next = jobs.filter((j) => j.status === "pending" && j.runAt <= now && (!only || j.name === only)).sort((a, b) => a.runAt - b.runAt)[0];
      if (!next) return ran;
      ran++;
      next.attempt++;
      try {
        await handlers[next.name]!(next.payload, { jobId: next.id, attempt: next.attempt, signal: new AbortController().signal });
        next.status = "done";
      } catch (e) {
        next.error = e instanceof Error ? e.message : String(e);
        const def = jobDefinitions[next.name as JobName];
        if (isPermanentError(e) || next.attempt >= def.attempts) next.status = "failed";
        else next.runAt = now + def.backoffMs * 2 ** (next.attempt - 1);
      }
    }
  }

  const db = core.db;
  const accountId = newId("acct");
  db.insert(accounts).values({ id: accountId, name: "Host", createdAt: core.clock.now() }).run();
  /** Another property of the same host; locks and stays take its id as `propertyId`. */
  function addProperty(extra: Partial<typeof properties.$inferInsert> = {}): string {
    const id = newId("prop");
    db.insert(properties).values({
      id, accountId, name: "Beach house", timezone: "Pacific/Auckland", earlyBufferMinutes: 60, lateBufferMinutes: 30,
      createdAt: core.clock.now(), updatedAt: core.clock.now(), ...extra,
    }).run();
    return id;
  }
  const propertyId = addProperty();

  function addLock(spec: Partial<typeof locks.$inferInsert> & { providerDeviceId: string; provider: LockRow["provider"] }): LockRow {
    const row = { id: newId("lock"), accountId, propertyId, name: spec.name ?? "Front door", createdAt: core.clock.now(), updatedAt: core.clock.now(), ...spec };
    db.insert(locks).values(row).run();
    return db.select().from(locks).where(eq(locks.id, row.id)).get()!;
  }

  function addStay(from: string, to: string, { guestPhone, guestEmail, ...extra }: Partial<typeof stays.$inferInsert> & Partial<GuestContact> = {}) {
    const id = newId("stay");
    db.insert(stays).values({
      id, accountId, propertyId, kind: "reservation", checkInDate: from.slice(0, 10), checkOutDate: to.slice(0, 10),
      checkInAt: new Date(from), checkOutAt: new Date(to), createdAt: core.clock.now(), updatedAt: core.clock.now(),
      ...sealGuestContact(core.box, id, { guestPhone, guestEmail }), ...extra,
    }).run();
    return id;
  }

  function addCleaner(name: string): string {
    const id = newId("ctc");
    db.insert(contacts).values({ id, accountId, role: "cleaner", name, createdAt: core.clock.now(), updatedAt: core.clock.now() }).run();
    db.insert(propertyCleaners).values({ propertyId, contactId: id }).run();
    return id;
  }

  /** Bumps the stay's version and enqueues its plan job, as sync does. */
  async function changeStay(stayId: string, patch: Partial<typeof stays.$inferInsert>) {
    const stay = db.select().from(stays).where(eq(stays.id, stayId)).get()!;
    db.update(stays).set({ ...patch, version: stay.version + 1 }).where(eq(stays.id, stayId)).run();
    await queue.enqueue("access-codes.plan-stay", { stayId }, { jobId: `plan-stay_${stayId}_v${stay.version + 1}` });
  }

  async function plan(stayId: string) {
    const stay = db.select().from(stays).where(eq(stays.id, stayId)).get()!;
    await queue.enqueue("access-codes.plan-stay", { stayId }, { jobId: `plan-stay_${stayId}_v${stay.version}` });
    return runDue("access-codes.plan-stay");
  }

  const codesOf = (where: { stayId?: string; lockId?: string; purpose?: string } = {}) =>
    db.select().from(accessCodes).all().filter((c) =>
      (!where.stayId || c.stayId === where.stayId || c.assignedStayId === where.stayId) && (!where.lockId || c.lockId === where.lockId) && (!where.purpose || c.purpose === where.purpose));
  const pinOf = (code: { id: string; pinEnc: string }) => core.box.decrypt(code.pinEnc, codePinAd(code.id));
  const alertsOf = (kind?: string) => db.select().from(alerts).all().filter((a) => !kind || a.kind === kind);
  const audits = () => db.select().from(auditEvents).all();

  return { deps, db, clock: core.clock, jobs, hookCalls, runDue, addProperty, addLock, addStay, addCleaner, changeStay, plan, codesOf, pinOf, alertsOf, audits, accountId, propertyId };
}

export type AccessHarness = ReturnType<typeof createAccessHarness>;
