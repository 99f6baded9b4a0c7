import { eq } from "drizzle-orm";
import type { StayInsert } from "../../src/db/rows";
import { accessCodes, alerts, auditEvents, stays } from "../../src/db/schema";
import { jobDefinitions, type JobName } from "../../src/jobs/definitions";
import { isPermanentError } from "../../src/jobs/errors";
import type { JobQueue } from "../../src/jobs/port";
import { newId } from "../../src/lib/ids";
import { ProviderError, type LockProvider } from "../../src/providers/locks";
import { accessCodeProcessors, lockCallAuditor } from "../../src/services/access";
import { codePinAd } from "../../src/services/access/code-records";
import type { LockRow, ServiceDeps } from "../../src/services/deps";
import type { ServiceEvent } from "../../src/services/events";
import type { LockInput } from "../../src/services/locks/locks";
import type { PropertyInput } from "../../src/services/properties/properties";
import { testDeps } from "../support/test-deps";
import { testWorld, type StaySeed } from "../support/world";

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
export async function createAccessHarness(makeProvider: (lock: LockRow, onCall: ReturnType<typeof lockCallAuditor>) => LockProvider) {
  const core = testDeps({ now: "2030-03-01T00:00:00Z" });
  const jobs: QueuedJob[] = [];
  /** What the lifecycle told the other capabilities, in order (they are not part of this harness). */
  const emitted: ServiceEvent[] = [];
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
  const deps: ServiceDeps = {
    ...core,
    jobs: queue,
    feedFetch: {},
    messaging: { sms: null, email: null },
    lockProvider: (lock) => makeProvider(lock, lockCallAuditor(core.db, core.clock, lock)),
    events: { emit: async (event) => void emitted.push(event) },
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
  const world = testWorld(core);
  const { accountId } = await world.account({ name: "Host" });
  /** Another property of the same host; locks and stays take its id as `propertyId`. */
  function addProperty(extra: Partial<PropertyInput> = {}): string {
    return world.property(accountId, { name: "Beach house", timezone: "Pacific/Auckland", earlyBufferMinutes: 60, lateBufferMinutes: 30, ...extra }).id;
  }
  const propertyId = addProperty();

  function addLock({ propertyId: at, ...spec }: Partial<LockInput> & { providerDeviceId: string; provider: LockRow["provider"] }): LockRow {
    return world.lock(at ?? propertyId, spec);
  }

  function addStay(from: string, to: string, { propertyId: at, ...extra }: StaySeed & { propertyId?: string } = {}) {
    return world.stay(at ?? propertyId, { checkInAt: from, checkOutAt: to, ...extra }).id;
  }

  function addCleaner(name: string): string {
    return world.cleaner(propertyId, { name }).id;
  }

  /** Bumps the stay's version and enqueues its plan job, as sync does. */
  async function changeStay(stayId: string, patch: Partial<StayInsert>) {
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

  return { deps, db, clock: core.clock, jobs, emitted, runDue, addProperty, addLock, addStay, addCleaner, changeStay, plan, codesOf, pinOf, alertsOf, audits, accountId, propertyId };
}

export type AccessHarness = Awaited<ReturnType<typeof createAccessHarness>>;

/**
 * Wraps each provider the harness builds so that the first create lands on the lock but its answer is lost (a
 * timeout after the vendor acted): the job sees a transient error and tries again.
 */
export function answerLostOnce() {
  let lost = false;
  return (provider: LockProvider): LockProvider =>
    new Proxy(provider, {
      get(target, prop) {
        if (prop !== "createCode") {
          const value = Reflect.get(target, prop, target) as unknown;
          return typeof value === "function" ? value.bind(target) : value;
        }
        return async (deviceId: string, input: Parameters<LockProvider["createCode"]>[1]) => {
          const created = await target.createCode(deviceId, input);
          if (lost) return created;
          lost = true;
          throw new ProviderError({ kind: "transient", provider: target.kind, action: "codes.create", message: "no answer before the timeout" });
        };
      },
    });
}
